package dev.syscage.policy;

import dev.syscage.syscalls.Arch;
import java.util.Map;
import java.util.SortedMap;

/**
 * What the processes running one executable called, so a reviewer can see who needs what.
 *
 * @param exe       the executable (null if unknown)
 * @param processes how many processes ran it
 * @param counts    calls per phase and syscall; both phases always present
 */
public record ProcessUsage(String exe, int processes, Map<Phase, SortedMap<SyscallRef, Long>> counts) {
    public ProcessUsage {
        if (processes < 0) {
            throw new IllegalArgumentException("processes must be >= 0: " + processes);
        }
        counts = PhaseMaps.counts(counts);
    }

    /** For callers holding plain maps (the record's own constructor needs sorted ones). */
    public static ProcessUsage of(String exe, int processes,
            Map<Phase, ? extends Map<SyscallRef, Long>> counts) {
        return new ProcessUsage(exe, processes, PhaseMaps.counts(counts));
    }

    /** This usage with refs of {@code arch} written as native ones. */
    ProcessUsage relativeTo(Arch arch) {
        return new ProcessUsage(exe, processes, PhaseMaps.counts(counts, r -> r.relativeTo(arch)));
    }

    /** This usage without {@code ref} in {@code phase}. */
    ProcessUsage without(Phase phase, SyscallRef ref) {
        Map<Phase, SortedMap<SyscallRef, Long>> copy = PhaseMaps.mutableCounts(counts);
        copy.get(phase).remove(ref);
        return new ProcessUsage(exe, processes, copy);
    }
}
