package dev.syscage.policy;

import dev.syscage.syscalls.Arch;
import dev.syscage.syscalls.SyscallTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Calls a profile allows in every phase whether or not a run made them: calls whose use depends on timing
 * (a sleep interrupted by a stop, a signal arriving, a lock contended) and that cannot widen what the
 * program can reach. syscage's own list, derived from systemd's {@code @default} group, is the resource
 * baseline.txt beside this class, each decision with its reason.
 *
 * @param calls the calls allowed in every phase; empty for no baseline
 */
public record Baseline(SortedSet<SyscallRef> calls) {
    /** No baseline: what a profile without a {@code baseline} section has. */
    public static final Baseline NONE = new Baseline(Set.of());

    private static final String RESOURCE = "baseline.txt";

    /**
     * One member of systemd's {@code @default} and syscage's decision on it.
     *
     * @param kept   whether syscage's baseline keeps it
     * @param reason why it is kept or dropped
     */
    public record Member(String name, boolean kept, String reason) {
    }

    public Baseline(Collection<SyscallRef> calls) {
        this(new TreeSet<>(calls));
    }

    public Baseline {
        TreeSet<SyscallRef> copy = new TreeSet<>();
        calls.forEach(r -> copy.add(Objects.requireNonNull(r, "syscall")));
        calls = Collections.unmodifiableSortedSet(copy);
    }

    /** syscage's baseline for a profile of {@code arch}: each kept member libseccomp knows for it. */
    public static Baseline defaults(Arch arch) {
        SyscallTable table = SyscallTable.get();
        List<SyscallRef> out = new ArrayList<>();
        for (Member m : members()) {
            if (m.kept() && table.knows(arch, m.name())) {
                out.add(new SyscallRef(null, m.name()));
            }
        }
        return new Baseline(out);
    }

    public boolean isEmpty() {
        return calls.isEmpty();
    }

    public boolean contains(SyscallRef ref) {
        return calls.contains(ref);
    }

    Baseline respelled(UnaryOperator<SyscallRef> spelling) {
        return new Baseline(calls.stream().map(spelling).toList());
    }

    Baseline without(SyscallRef ref) {
        TreeSet<SyscallRef> rest = new TreeSet<>(calls);
        rest.remove(ref);
        return new Baseline(rest);
    }

    /** Every member of {@code @default} syscage has decided on, in the resource's order. */
    public static List<Member> members() {
        List<Member> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (InputStream in = Baseline.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("this syscage build lacks " + RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String s = line.strip();
                if (s.isEmpty() || s.startsWith("#")) {
                    continue;
                }
                String[] parts = s.split("\\s+", 3);
                if (parts.length != 3 || !(parts[0].equals("keep") || parts[0].equals("drop"))
                        || !seen.add(parts[1])) {
                    throw new IllegalStateException(RESOURCE + ": bad or repeated entry: " + line);
                }
                out.add(new Member(parts[1], parts[0].equals("keep"), parts[2]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(out);
    }
}
