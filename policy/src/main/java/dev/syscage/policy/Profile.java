package dev.syscage.policy;

import dev.syscage.syscalls.Arch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * A learned (or hand-written) allowlist: the syscalls allowed in each phase, plus the evidence
 * behind it. Immutable; both phases are always present.
 *
 * @param arch      the native ABI; refs with a null abi are of this ABI
 * @param phases    allowed syscalls per phase
 * @param counts    how often each syscall was seen per phase (empty for hand-written policies)
 * @param processes per-executable usage
 * @param metadata  how the profile was made
 * @param coverage  for a merged profile, how many runs used each syscall ({@link Coverage#NONE} otherwise)
 * @param baseline  calls allowed in every phase besides {@code phases} ({@link Baseline#NONE}: none)
 */
public record Profile(Arch arch, Map<Phase, SortedSet<SyscallRef>> phases,
        Map<Phase, SortedMap<SyscallRef, Long>> counts, List<ProcessUsage> processes,
        Metadata metadata, Coverage coverage, Baseline baseline) {

    public Profile {
        Objects.requireNonNull(arch, "arch");
        // One spelling per call: "x86_64:write" in an x86_64 profile is "write".
        UnaryOperator<SyscallRef> spelling = r -> r.relativeTo(arch);
        phases = PhaseMaps.sets(phases, spelling);
        counts = PhaseMaps.counts(counts, spelling);
        processes = processes == null ? List.of()
                : processes.stream().map(u -> u.relativeTo(arch)).toList();
        metadata = metadata == null ? Metadata.NONE : metadata;
        coverage = coverage == null ? Coverage.NONE : coverage.respelled(spelling);
        baseline = baseline == null ? Baseline.NONE : baseline.respelled(spelling);
    }

    /** A profile without a baseline. */
    public Profile(Arch arch, Map<Phase, SortedSet<SyscallRef>> phases,
            Map<Phase, SortedMap<SyscallRef, Long>> counts, List<ProcessUsage> processes,
            Metadata metadata, Coverage coverage) {
        this(arch, phases, counts, processes, metadata, coverage, Baseline.NONE);
    }

    /** A profile of one run (no coverage). */
    public Profile(Arch arch, Map<Phase, ? extends Collection<SyscallRef>> phases,
            Map<Phase, SortedMap<SyscallRef, Long>> counts, List<ProcessUsage> processes,
            Metadata metadata) {
        this(arch, PhaseMaps.sets(phases), counts, processes, metadata, Coverage.NONE);
    }

    /** A profile allowing exactly the syscalls that were counted. */
    public static Profile fromCounts(Arch arch, Map<Phase, ? extends Map<SyscallRef, Long>> counts,
            List<ProcessUsage> processes, Metadata metadata) {
        EnumMap<Phase, SortedSet<SyscallRef>> phases = new EnumMap<>(Phase.class);
        for (Phase p : Phase.values()) {
            Map<SyscallRef, Long> c = counts == null ? null : counts.get(p);
            phases.put(p, c == null ? new TreeSet<>() : new TreeSet<>(c.keySet()));
        }
        return new Profile(arch, phases, PhaseMaps.counts(counts), processes, metadata);
    }

    public SortedSet<SyscallRef> phase(Phase p) {
        return phases.get(p);
    }

    /** The phases' lists together, init ∪ main, without the baseline. */
    public SortedSet<SyscallRef> all() {
        TreeSet<SyscallRef> union = new TreeSet<>(phases.get(Phase.INIT));
        union.addAll(phases.get(Phase.MAIN));
        return Collections.unmodifiableSortedSet(union);
    }

    /**
     * What enforcement allows in {@code p}: its list and the baseline. Every enforcer and export takes the
     * allowlist from here, so none can leave the baseline out.
     */
    public SortedSet<SyscallRef> allowed(Phase p) {
        TreeSet<SyscallRef> out = new TreeSet<>(phases.get(p));
        out.addAll(baseline.calls());
        return Collections.unmodifiableSortedSet(out);
    }

    /** What the launcher's first filter allows: init ∪ main and the baseline. */
    public SortedSet<SyscallRef> allowedAll() {
        TreeSet<SyscallRef> out = new TreeSet<>(all());
        out.addAll(baseline.calls());
        return Collections.unmodifiableSortedSet(out);
    }

    /**
     * This profile with {@code ref} no longer allowed in {@code phase}: allowlist, counts and processes alike.
     * A baseline member leaves the baseline and stays allowed in the other phase only.
     */
    public Profile withoutSyscall(Phase phase, SyscallRef ref) {
        EnumMap<Phase, SortedSet<SyscallRef>> newPhases = new EnumMap<>(phases);
        TreeSet<SyscallRef> reduced = new TreeSet<>(phases.get(phase));
        reduced.remove(ref);
        newPhases.put(phase, reduced);
        if (baseline.contains(ref)) {
            for (Phase other : Phase.values()) {
                if (other != phase) {
                    TreeSet<SyscallRef> kept = new TreeSet<>(phases.get(other));
                    kept.add(ref);
                    newPhases.put(other, kept);
                }
            }
        }
        Map<Phase, SortedMap<SyscallRef, Long>> newCounts = PhaseMaps.mutableCounts(counts);
        newCounts.get(phase).remove(ref);
        List<ProcessUsage> newProcesses = new ArrayList<>();
        processes.forEach(u -> newProcesses.add(u.without(phase, ref)));
        return new Profile(arch, newPhases, newCounts, newProcesses, metadata,
                coverage.without(phase, ref), baseline.without(ref));
    }

    /** The same learned lists and evidence with another baseline. */
    public Profile withBaseline(Baseline newBaseline) {
        return new Profile(arch, phases, counts, processes, metadata, coverage, newBaseline);
    }
}
