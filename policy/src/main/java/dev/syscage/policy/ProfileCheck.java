package dev.syscage.policy;

import dev.syscage.syscalls.SyscallNames;
import dev.syscage.syscalls.Arch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Validates a profile and reports every problem it can find, not just the first: each syscall of
 * each phase list and the baseline (unknown names with the closest known one, numbers out of range, a call listed
 * twice), then the whole file as {@link ProfileYaml#read} reads it.
 *
 * <p>{@link ProfileYaml#read} stays the strict reader: it stops at the first problem and, like the
 * native parts, accepts a call listed twice. This class reads the phase lists item by item itself,
 * which is the only place duplicates are still visible.
 */
public final class ProfileCheck {
    /** One problem, at a 1-based line (0 when not tied to one). */
    public record Finding(String file, int line, String message) {
        /** {@code FILE:LINE: message}, the form of every other syscage file error. */
        public String text() {
            return new PolicyException(file, line, message).getMessage();
        }
    }

    /**
     * @param profile  the profile as syscage reads it, or null when it cannot be read
     * @param problems what is wrong, in line order; empty when the file is valid
     */
    public record Result(Profile profile, List<Finding> problems) {
        public Result {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** Beyond this many, a file is not fixed line by line: checking stops (a bound on its time, too). */
    static final int MAX_PROBLEMS = 1000;

    private final YamlSource source;
    private final List<Finding> problems = new ArrayList<>();

    private ProfileCheck(String sourceName) {
        this.source = new YamlSource(sourceName);
    }

    /**
     * Checks {@code file}. Throws PolicyException only when there is nothing to check: the file is
     * missing or unreadable, is not a syscage profile at all, or has a newer schema.
     */
    public static Result check(Path file) throws PolicyException {
        return check(ProfileYaml.text(file), file.toString());
    }

    public static Result check(String yaml, String sourceName) throws PolicyException {
        return new ProfileCheck(sourceName).run(yaml);
    }

    private Result run(String yaml) throws PolicyException {
        Node root;
        try {
            root = ProfileYaml.compose(yaml, source.name());
        } catch (PolicyException e) {
            return new Result(null, List.of(finding(e))); // a profile with a syntax error
        }
        if (root == null) {
            throw ProfileYaml.empty(source.name());
        }
        if (!(root instanceof MappingNode)) {
            throw source.error(root, "not a syscage profile (it is " + YamlSource.kind(root)
                    + ", not a mapping); give a file written by 'syscage profile' or 'syscage merge'");
        }
        Map<String, YamlEntry> top = source.mapping(root, "the profile");
        ProfileReader.requireProfile(source, root, top);
        YamlEntry schema = top.get("schema");
        if (schema != null && ProfileReader.isNewer(source.string(schema.value(), "schema"))) {
            throw source.error(schema.value(), "this profile was written by a newer syscage (schema "
                    + source.string(schema.value(), "schema") + "); upgrade syscage");
        }
        SyscallNames table = ProfileYaml.table();
        arch(top).ifPresent(arch -> phaseLists(top, arch, table));
        Profile profile = null;
        try {
            profile = new ProfileReader(source, table).read(root);
        } catch (PolicyException e) {
            if (problems.stream().noneMatch(f -> f.line() == e.line())) {
                problems.add(finding(e)); // what the item pass did not already say
            }
        }
        problems.sort(Comparator.comparingInt(Finding::line));
        return new Result(problems.isEmpty() ? profile : null, problems);
    }

    private Optional<Arch> arch(Map<String, YamlEntry> top) {
        YamlEntry e = top.get("arch");
        if (e == null || YamlSource.isNull(e.value()) || !(e.value() instanceof ScalarNode)) {
            return Optional.empty(); // the strict reader says what is wrong with it
        }
        try {
            return Arch.byName(source.string(e.value(), "arch"));
        } catch (PolicyException ex) {
            return Optional.empty();
        }
    }

    /** Every item of phases.init, phases.main and baseline, each checked on its own. */
    private void phaseLists(Map<String, YamlEntry> top, Arch arch, SyscallNames table) {
        RefReader refs = new RefReader(source, arch, table);
        YamlEntry phases = top.get("phases");
        if (phases != null && phases.value() instanceof MappingNode m) {
            for (var t : m.getValue()) {
                String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
                if (Phase.byKey(key).isPresent() && t.getValueNode() instanceof SequenceNode list) {
                    items(list, "phases." + key, refs, arch);
                }
            }
        }
        YamlEntry baseline = top.get("baseline");
        if (baseline != null && baseline.value() instanceof SequenceNode list) {
            items(list, "baseline", refs, arch);
        }
    }

    private void items(SequenceNode list, String what, RefReader refs, Arch arch) {
        Map<SyscallRef, Integer> seen = new HashMap<>();
        for (Node item : list.getValue()) {
            if (problems.size() >= MAX_PROBLEMS) {
                if (problems.size() == MAX_PROBLEMS) {
                    problems.add(new Finding(source.name(), YamlSource.line(item), "more than " + MAX_PROBLEMS
                            + " problems; checking stopped here: fix these first"));
                }
                return;
            }
            try {
                SyscallRef ref = refs.read(item, what).relativeTo(arch);
                Integer first = seen.putIfAbsent(ref, YamlSource.line(item));
                if (first != null) {
                    problems.add(new Finding(source.name(), YamlSource.line(item), "'"
                            + ref.text() + "' is listed twice in " + what + " (first on line "
                            + first + "); remove one of them"));
                }
            } catch (PolicyException e) {
                problems.add(finding(e));
            }
        }
    }

    private static Finding finding(PolicyException e) {
        return new Finding(e.file(), e.line(), e.detail());
    }
}
