package dev.syscage.policy;

import dev.syscage.syscalls.SyscallNames;
import dev.syscage.syscalls.Arch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.Node;

/** Turns a composed YAML tree into a Profile, refusing anything doubtful with its line. */
final class ProfileReader {
    static final int SCHEMA = 1;
    private static final Set<String> TOP_KEYS =
            Set.of("schema", "arch", "phases", "baseline", "counts", "coverage", "processes", "metadata");
    private static final Set<String> COVERAGE_KEYS = Set.of("runs", "init", "main");
    private static final Set<String> PROCESS_KEYS = Set.of("exe", "processes", "init", "main");

    private final YamlSource source;
    private final SyscallNames table;
    private RefReader refs;

    ProfileReader(YamlSource source, SyscallNames table) {
        this.source = source;
        this.table = table;
    }

    Profile read(Node root) throws PolicyException {
        Map<String, YamlEntry> top = source.mapping(root, "the profile");
        requireProfile(source, root, top);
        // Schema first: a newer file may legitimately use keys this version does not know.
        checkSchema(root, top.get("schema"));
        checkKeys(top, TOP_KEYS, "the profile");
        Arch arch = arch(root, top.get("arch"));
        refs = new RefReader(source, arch, table);
        YamlEntry phases = top.get("phases");
        if (phases == null) {
            throw source.error(root, "missing 'phases'; add 'phases:' with 'init:' and 'main:' lists");
        }
        Map<Phase, SortedSet<SyscallRef>> allowed = new EnumMap<>(Phase.class);
        for (Map.Entry<Phase, Node> e : phaseNodes(phases.value(), "phases").entrySet()) {
            allowed.put(e.getKey(), refList(e.getValue(), "phases." + e.getKey().key()));
        }
        // Absent in profiles written before the baseline existed, and in those made with --no-baseline.
        Baseline baseline = top.containsKey("baseline")
                ? new Baseline(refList(top.get("baseline").value(), "baseline")) : Baseline.NONE;
        Map<Phase, SortedMap<SyscallRef, Long>> counts = top.containsKey("counts")
                ? counts(top.get("counts").value(), "counts") : Map.of();
        Coverage coverage = top.containsKey("coverage")
                ? coverage(top.get("coverage").value()) : Coverage.NONE;
        List<ProcessUsage> processes = top.containsKey("processes")
                ? processes(top.get("processes").value()) : List.of();
        Metadata metadata = top.containsKey("metadata")
                ? new MetadataReader(source).read(top.get("metadata").value()) : Metadata.NONE;
        return new Profile(arch, allowed, counts, processes, metadata, coverage, baseline);
    }

    private void checkSchema(Node root, YamlEntry entry) throws PolicyException {
        if (entry == null) {
            throw source.error(root, "missing 'schema'; add 'schema: " + SCHEMA + "' at the top");
        }
        String text = source.string(entry.value(), "schema");
        if (isNewer(text)) {
            throw source.error(entry.value(), "this profile was written by a newer syscage (schema "
                    + text + "); upgrade syscage");
        }
        if (!String.valueOf(SCHEMA).equals(text)) {
            throw source.error(entry.value(), "schema must be " + SCHEMA + ", not '" + text
                    + "'; write 'schema: " + SCHEMA + "'");
        }
    }

    /** Refuses a mapping that is no profile at all (a Kubernetes manifest, say) with one clear line. */
    static void requireProfile(YamlSource source, Node root, Map<String, YamlEntry> top)
            throws PolicyException {
        if (!top.containsKey("schema") && !top.containsKey("phases")) {
            throw source.error(root, "not a syscage profile (it has neither 'schema' nor 'phases');"
                    + " give a file written by 'syscage profile' or 'syscage merge'");
        }
    }

    /** True for a schema number above this syscage's: a file to refuse as a whole, not to fix. */
    static boolean isNewer(String schemaText) {
        return schemaText != null && schemaText.matches("[0-9]{1,9}")
                && Integer.parseInt(schemaText) > SCHEMA;
    }

    private void checkKeys(Map<String, YamlEntry> entries, Set<String> known, String what)
            throws PolicyException {
        for (YamlEntry e : entries.values()) {
            // x- keys are free for other tools' annotations; any other unknown key is likely a typo.
            if (!known.contains(e.key()) && !e.key().startsWith("x-")) {
                throw source.error(e.keyNode(), "unknown key '" + e.key() + "' in " + what
                        + "; use one of " + new TreeSet<>(known) + " (or an x- prefix for extensions)");
            }
        }
    }

    private Arch arch(Node root, YamlEntry entry) throws PolicyException {
        String all = Arrays.stream(Arch.values()).map(Arch::seccompName)
                .collect(Collectors.joining(", "));
        if (entry == null) {
            throw source.error(root, "missing 'arch'; add 'arch: " + Arch.machine().seccompName()
                    + "' (this machine) or one of " + all);
        }
        String name = source.string(entry.value(), "arch");
        return Arch.byName(name).orElseThrow(() -> source.error(entry.value(),
                "unknown arch '" + name + "'; use one of " + all));
    }

    /** The phase entries of a mapping; a missing phase is an empty one. */
    private Map<Phase, Node> phaseNodes(Node node, String what)
            throws PolicyException {
        Map<Phase, Node> out = new EnumMap<>(Phase.class);
        if (YamlSource.isNull(node)) {
            return out;
        }
        for (YamlEntry e : source.mapping(node, what).values()) {
            Phase p = Phase.byKey(e.key()).orElseThrow(() -> source.error(e.keyNode(),
                    "unknown phase '" + e.key() + "' in " + what + "; the phases are init and main"));
            out.put(p, e.value());
        }
        return out;
    }

    private SortedSet<SyscallRef> refList(Node node, String what) throws PolicyException {
        SortedSet<SyscallRef> out = new TreeSet<>();
        for (Node item : source.sequence(node, what)) {
            out.add(refs.read(item, what));
        }
        return out;
    }

    private Map<Phase, SortedMap<SyscallRef, Long>> counts(Node node, String what)
            throws PolicyException {
        Map<Phase, SortedMap<SyscallRef, Long>> out = new EnumMap<>(Phase.class);
        for (Map.Entry<Phase, Node> e : phaseNodes(node, what).entrySet()) {
            out.put(e.getKey(), countMap(e.getValue(), what + "." + e.getKey().key()));
        }
        return out;
    }

    private SortedMap<SyscallRef, Long> countMap(Node node, String what) throws PolicyException {
        return countMap(node, what, 0, Long.MAX_VALUE);
    }

    private SortedMap<SyscallRef, Long> countMap(Node node, String what, long min, long max)
            throws PolicyException {
        SortedMap<SyscallRef, Long> out = new TreeMap<>();
        if (YamlSource.isNull(node)) {
            return out;
        }
        for (YamlEntry e : source.mapping(node, what).values()) {
            SyscallRef ref = refs.read(e.keyNode(), what);
            long n = source.number(e.value(), what + "." + e.key(), min, max);
            if (out.put(ref, n) != null) {
                throw source.error(e.keyNode(), "'" + e.key() + "' is counted twice in " + what
                        + "; keep one line per syscall");
            }
        }
        return out;
    }

    /** {@code runs} first, so that every per-syscall number can be checked against it. */
    private Coverage coverage(Node node) throws PolicyException {
        if (YamlSource.isNull(node)) {
            return Coverage.NONE;
        }
        Map<String, YamlEntry> m = source.mapping(node, "coverage");
        checkKeys(m, COVERAGE_KEYS, "coverage");
        YamlEntry runsEntry = m.get("runs");
        if (runsEntry == null) {
            throw source.error(node, "missing 'runs' in coverage; add 'runs: N', the number of"
                    + " runs merged into this profile");
        }
        int runs = (int) source.number(runsEntry.value(), "coverage.runs", 1, Integer.MAX_VALUE);
        Map<Phase, SortedMap<SyscallRef, Long>> used = new EnumMap<>(Phase.class);
        for (Phase p : Phase.values()) {
            YamlEntry e = m.get(p.key());
            used.put(p, e == null ? new TreeMap<>()
                    : countMap(e.value(), "coverage." + p.key(), 1, runs));
        }
        return new Coverage(runs, used);
    }

    private List<ProcessUsage> processes(Node node) throws PolicyException {
        List<ProcessUsage> out = new ArrayList<>();
        for (Node item : source.sequence(node, "processes")) {
            Map<String, YamlEntry> m = source.mapping(item, "a processes entry");
            checkKeys(m, PROCESS_KEYS, "a processes entry");
            String exe = m.containsKey("exe") ? source.string(m.get("exe").value(), "exe") : null;
            int count = m.containsKey("processes") ? (int) source.number(
                    m.get("processes").value(), "processes", 0, Integer.MAX_VALUE) : 0;
            Map<Phase, SortedMap<SyscallRef, Long>> counts = new EnumMap<>(Phase.class);
            for (Phase p : Phase.values()) {
                YamlEntry e = m.get(p.key());
                counts.put(p, e == null ? new TreeMap<>() : countMap(e.value(), "processes." + p.key()));
            }
            out.add(new ProcessUsage(exe, count, counts));
        }
        return out;
    }
}
