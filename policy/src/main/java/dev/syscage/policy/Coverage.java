package dev.syscage.policy;

import java.util.Map;
import java.util.SortedMap;
import java.util.function.UnaryOperator;

/**
 * How many of the runs merged into a profile used each syscall, per phase: a reviewer can tell a
 * call every run needs from one a single run happened to make.
 *
 * @param runs how many runs the profile was merged from; 0 when the profile is not a merge
 * @param used per phase and syscall, in how many of those runs it was allowed (1 to runs)
 */
public record Coverage(int runs, Map<Phase, SortedMap<SyscallRef, Long>> used) {
    /** Not a merge: nothing recorded. */
    public static final Coverage NONE = new Coverage(0, Map.of());

    public Coverage {
        if (runs < 0) {
            throw new IllegalArgumentException("runs must be >= 0: " + runs);
        }
        used = PhaseMaps.counts(used);
        for (SortedMap<SyscallRef, Long> m : used.values()) {
            m.forEach((ref, n) -> {
                if (n < 1 || n > runs) {
                    throw new IllegalArgumentException("coverage of " + ref + " must be 1 to " + runs + ": " + n);
                }
            });
        }
    }

    /** True when the profile carries coverage, i.e. it was merged from runs. */
    public boolean present() {
        return runs > 0;
    }

    /** In how many runs {@code ref} was allowed in {@code phase} (0 when not recorded). */
    public long of(Phase phase, SyscallRef ref) {
        return used.get(phase).getOrDefault(ref, 0L);
    }

    Coverage respelled(UnaryOperator<SyscallRef> spelling) {
        return new Coverage(runs, PhaseMaps.counts(used, spelling));
    }

    Coverage without(Phase phase, SyscallRef ref) {
        Map<Phase, SortedMap<SyscallRef, Long>> copy = PhaseMaps.mutableCounts(used);
        copy.get(phase).remove(ref);
        return new Coverage(runs, copy);
    }
}
