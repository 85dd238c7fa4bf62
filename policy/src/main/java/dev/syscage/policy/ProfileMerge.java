package dev.syscage.policy;

import dev.syscage.syscalls.Arch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The union of several runs' profiles: per phase every syscall any run used, counts and processes
 * added up, and per syscall the number of runs that used it ({@link Coverage}). A merged profile
 * merges again: its coverage carries its runs along, so merging is associative.
 */
public final class ProfileMerge {
    /** One profile to merge; {@code name} (usually its file) is what messages call it. */
    public record Input(String name, Profile profile) {
        public Input {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(profile, "profile");
        }
    }

    private ProfileMerge() {
    }

    /**
     * Merges {@code inputs}. Without {@code force}, profiles of different architectures or of
     * different programs are refused; with it, a profile whose architecture is another ABI of the
     * first one's (x86 into x86_64) is merged as that ABI, and different programs are merged with a
     * warning in the result. Architectures without a common ABI are refused either way.
     */
    public static Profile merge(List<Input> inputs, boolean force, String tool, Instant created)
            throws PolicyException {
        return merge(inputs, force, true, tool, created);
    }

    /**
     * Merges runs of one command line ({@code profile --repeat}): they are of one program whatever each run went
     * on to execute (a script may execute one program or another), so only architectures are compared.
     */
    public static Profile mergeRuns(List<Input> inputs, String tool, Instant created) throws PolicyException {
        return merge(inputs, false, false, tool, created);
    }

    private static Profile merge(List<Input> inputs, boolean force, boolean compareTargets, String tool,
            Instant created) throws PolicyException {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        List<String> notes = new ArrayList<>();
        Arch arch = arch(inputs, force, notes);
        if (compareTargets) {
            checkTargets(inputs, force, notes);
        }

        Map<Phase, SortedSet<SyscallRef>> phases = new EnumMap<>(Phase.class);
        Map<Phase, SortedMap<SyscallRef, Long>> counts = new EnumMap<>(Phase.class);
        Map<Phase, SortedMap<SyscallRef, Long>> used = new EnumMap<>(Phase.class);
        for (Phase p : Phase.values()) {
            phases.put(p, new TreeSet<>());
            counts.put(p, new TreeMap<>());
            used.put(p, new TreeMap<>());
        }
        Map<String, ProcessSum> processes = new LinkedHashMap<>();
        SortedSet<SyscallRef> baseline = new TreeSet<>(); // a union, as the phases are
        int runs = 0;
        for (Input in : inputs) {
            Profile p = in.profile();
            Function<SyscallRef, SyscallRef> spell = r -> asAbiOf(p.arch(), arch, r);
            Coverage own = runsOf(p);
            runs += own.runs();
            p.baseline().calls().forEach(r -> baseline.add(spell.apply(r)));
            for (Phase phase : Phase.values()) {
                p.phase(phase).forEach(r -> phases.get(phase).add(spell.apply(r)));
                p.counts().get(phase).forEach((r, n) -> counts.get(phase).merge(spell.apply(r), n, Long::sum));
                own.used().get(phase).forEach((r, n) -> used.get(phase).merge(spell.apply(r), n, Long::sum));
            }
            for (ProcessUsage u : p.processes()) {
                processes.computeIfAbsent(u.exe() == null ? "" : u.exe(), k -> new ProcessSum(u.exe()))
                        .add(u, spell);
            }
        }
        List<ProcessUsage> usage = processes.values().stream()
                .map(s -> new ProcessUsage(s.exe, s.processes, s.counts)).toList();
        return new Profile(arch, phases, counts, usage, metadata(inputs, notes, tool, created),
                new Coverage(runs, used), new Baseline(baseline));
    }

    /** A profile's own coverage; one that is not a merge counts as one run using each of its calls. */
    private static Coverage runsOf(Profile p) {
        if (p.coverage().present()) {
            return p.coverage();
        }
        Map<Phase, SortedMap<SyscallRef, Long>> once = new EnumMap<>(Phase.class);
        for (Phase phase : Phase.values()) {
            SortedMap<SyscallRef, Long> m = new TreeMap<>();
            p.phase(phase).forEach(r -> m.put(r, 1L));
            once.put(phase, m);
        }
        return new Coverage(1, once);
    }

    private static Arch arch(List<Input> inputs, boolean force, List<String> notes)
            throws PolicyException {
        Input first = inputs.get(0);
        Set<Arch> all = new LinkedHashSet<>();
        inputs.forEach(in -> all.add(in.profile().arch()));
        if (all.size() == 1) {
            return first.profile().arch();
        }
        Input other = inputs.stream().filter(in -> in.profile().arch() != first.profile().arch())
                .findFirst().orElseThrow();
        String mismatch = "a profile for " + other.profile().arch() + ", but " + first.name()
                + " is for " + first.profile().arch();
        Optional<Arch> host = all.stream()
                .filter(a -> all.stream().allMatch(b -> b == a || a.secondaryAbis().contains(b)))
                .findFirst();
        if (host.isEmpty()) {
            throw new PolicyException(other.name(), 0, mismatch + ", and neither runs the other's"
                    + " syscalls; merge the profiles of each architecture separately");
        }
        if (!force) {
            throw new PolicyException(other.name(), 0, mismatch + "; their syscall tables differ,"
                    + " so merge each architecture separately, or pass --force to merge the "
                    + "other ABI's calls into a " + host.get() + " profile (as " + host.get()
                    + "'s other ABIs)");
        }
        notes.add("merged with --force: profiles of " + all + " merged into one " + host.get()
                + " profile");
        return host.get();
    }

    private static void checkTargets(List<Input> inputs, boolean force, List<String> notes)
            throws PolicyException {
        Map<String, Input> byTarget = new LinkedHashMap<>();
        for (Input in : inputs) {
            target(in.profile()).ifPresent(t -> byTarget.putIfAbsent(t, in));
        }
        if (byTarget.size() < 2) {
            return; // hand-written policies name no target: nothing to compare
        }
        List<Map.Entry<String, Input>> two = new ArrayList<>(byTarget.entrySet()).subList(0, 2);
        if (!force) {
            throw new PolicyException(two.get(1).getValue().name(), 0, "profiles "
                    + two.get(1).getKey() + ", but " + two.get(0).getValue().name() + " profiles "
                    + two.get(0).getKey() + "; merging different programs gives each the other's"
                    + " syscalls, so merge runs of one program, or pass --force if that is meant");
        }
        notes.add("merged with --force: profiles of different programs " + byTarget.keySet());
    }

    /** The program a profile is of: the resolved executable, else the command's first word. */
    static Optional<String> target(Profile p) {
        Metadata m = p.metadata();
        if (m.exe() != null) {
            return Optional.of(m.exe());
        }
        return m.command().isEmpty() ? Optional.empty() : Optional.of(m.command().get(0));
    }

    /** A ref of a profile of {@code from} as a profile of {@code to} names it. */
    private static SyscallRef asAbiOf(Arch from, Arch to, SyscallRef ref) {
        if (from == to || ref.abi() != null) {
            return ref;
        }
        return new SyscallRef(from, ref.name());
    }

    private static Metadata metadata(List<Input> inputs, List<String> notes, String tool,
            Instant created) {
        List<Metadata> all = inputs.stream().map(in -> in.profile().metadata()).toList();
        List<String> warnings = new ArrayList<>(notes);
        for (Input in : inputs) {
            in.profile().metadata().warnings().forEach(w -> warnings.add(in.name() + ": " + w));
        }
        return new Metadata(all.get(0).command(), common(all, Metadata::exe),
                common(all, Metadata::kernel), common(all, Metadata::source),
                all.stream().mapToLong(Metadata::records).sum(),
                all.stream().mapToLong(Metadata::lost).sum(), losses(all),
                all.stream().allMatch(Metadata::complete), tool, created, warnings);
    }

    /** Each loss-detection method with what it counted over all the runs. */
    private static List<Metadata.Loss> losses(List<Metadata> all) {
        java.util.Map<String, Long> sums = new java.util.LinkedHashMap<>();
        java.util.Map<String, String> how = new java.util.HashMap<>();
        all.forEach(m -> m.loss().forEach(l -> {
            sums.merge(l.method(), l.count(), Long::sum);
            // how it was checked is kept when every run checked the same way
            how.merge(l.method(), l.how() == null ? "" : l.how(), (a, b) -> a.equals(b) ? a : "");
        }));
        return sums.entrySet().stream().map(e -> new Metadata.Loss(e.getKey(), e.getValue(),
                how.get(e.getKey()).isEmpty() ? null : how.get(e.getKey()))).toList();
    }

    /** The value every input agrees on, else null (unknown). */
    private static String common(List<Metadata> all, Function<Metadata, String> field) {
        Set<String> values = new LinkedHashSet<>();
        all.forEach(m -> values.add(field.apply(m)));
        return values.size() == 1 ? values.iterator().next() : null;
    }

    /** One executable's usage added up over the runs. */
    private static final class ProcessSum {
        final String exe;
        int processes;
        final Map<Phase, SortedMap<SyscallRef, Long>> counts = new EnumMap<>(Phase.class);

        ProcessSum(String exe) {
            this.exe = exe;
            for (Phase p : Phase.values()) {
                counts.put(p, new TreeMap<>());
            }
        }

        void add(ProcessUsage u, Function<SyscallRef, SyscallRef> spell) {
            processes += u.processes();
            for (Phase p : Phase.values()) {
                u.counts().get(p).forEach((r, n) -> counts.get(p).merge(spell.apply(r), n, Long::sum));
            }
        }
    }
}
