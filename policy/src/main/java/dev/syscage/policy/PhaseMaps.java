package dev.syscage.policy;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/** Defensive, unmodifiable copies of per-phase collections, with every phase present. */
final class PhaseMaps {
    private PhaseMaps() {
    }

    static Map<Phase, SortedSet<SyscallRef>> sets(Map<Phase, ? extends Collection<SyscallRef>> in) {
        return sets(in, UnaryOperator.identity());
    }

    /** {@code spelling} maps each ref to its canonical form (e.g. native refs without prefix). */
    static Map<Phase, SortedSet<SyscallRef>> sets(Map<Phase, ? extends Collection<SyscallRef>> in,
            UnaryOperator<SyscallRef> spelling) {
        EnumMap<Phase, SortedSet<SyscallRef>> out = new EnumMap<>(Phase.class);
        for (Phase p : Phase.values()) {
            Collection<SyscallRef> refs = in == null ? null : in.get(p);
            TreeSet<SyscallRef> copy = new TreeSet<>();
            if (refs != null) {
                refs.forEach(r -> copy.add(spelling.apply(Objects.requireNonNull(r, "syscall"))));
            }
            out.put(p, Collections.unmodifiableSortedSet(copy));
        }
        return Collections.unmodifiableMap(out);
    }

    static Map<Phase, SortedMap<SyscallRef, Long>> counts(
            Map<Phase, ? extends Map<SyscallRef, Long>> in) {
        return counts(in, UnaryOperator.identity());
    }

    /** Refs that {@code spelling} makes equal have their counts added. */
    static Map<Phase, SortedMap<SyscallRef, Long>> counts(
            Map<Phase, ? extends Map<SyscallRef, Long>> in, UnaryOperator<SyscallRef> spelling) {
        EnumMap<Phase, SortedMap<SyscallRef, Long>> out = new EnumMap<>(Phase.class);
        for (Phase p : Phase.values()) {
            Map<SyscallRef, Long> counts = in == null ? null : in.get(p);
            out.put(p, Collections.unmodifiableSortedMap(copyCounts(counts, spelling)));
        }
        return Collections.unmodifiableMap(out);
    }

    private static TreeMap<SyscallRef, Long> copyCounts(Map<SyscallRef, Long> counts,
            UnaryOperator<SyscallRef> spelling) {
        TreeMap<SyscallRef, Long> copy = new TreeMap<>();
        if (counts != null) {
            counts.forEach((ref, n) -> {
                Objects.requireNonNull(ref, "syscall");
                if (n == null || n < 0) {
                    throw new IllegalArgumentException("count of " + ref + " must be >= 0: " + n);
                }
                copy.merge(spelling.apply(ref), n, Long::sum);
            });
        }
        return copy;
    }

    /** A modifiable copy, for building a changed instance. */
    static Map<Phase, SortedMap<SyscallRef, Long>> mutableCounts(
            Map<Phase, SortedMap<SyscallRef, Long>> in) {
        EnumMap<Phase, SortedMap<SyscallRef, Long>> out = new EnumMap<>(Phase.class);
        for (Phase p : Phase.values()) {
            out.put(p, copyCounts(in.get(p), UnaryOperator.identity()));
        }
        return out;
    }
}
