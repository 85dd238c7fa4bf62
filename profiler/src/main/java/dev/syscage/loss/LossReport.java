package dev.syscage.loss;

import dev.syscage.policy.Metadata;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The loss verdict for one run: every method applied and what it counted. The methods overlap (a record
 * dropped by the kernel log's rate limit is one serial gap and one suppressed line), so the number of
 * records lost is the largest count of any method, not their sum.
 */
public final class LossReport {
    private final Map<LossMethod, Long> counts = new EnumMap<>(LossMethod.class);

    /** Adds what a method counted; a method reported twice (two sources of the same signal) keeps the larger. */
    public LossReport add(Evidence e) {
        counts.merge(e.method(), e.count(), Math::max);
        return this;
    }

    public LossReport addAll(List<Evidence> evidence) {
        evidence.forEach(this::add);
        return this;
    }

    /** Records known lost: at least this many. */
    public long lost() {
        return counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** The methods that found loss, with their counts: {@code serial-gap 12, kmsg-suppressed 40}. */
    public String found() {
        return counts.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getKey().key() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    public boolean found(LossMethod method) {
        return counts.getOrDefault(method, 0L) > 0;
    }

    /** metadata.loss: every applied method in a fixed order, including those that found nothing. */
    public List<Metadata.Loss> metadata() {
        return counts.entrySet().stream().map(e -> new Metadata.Loss(e.getKey().key(), e.getValue())).toList();
    }

    /**
     * What to do about the loss: the source's own advice when it lost records, plus the fixes for the two
     * causes that lie outside the source (socket overruns, the kernel's backlog limit).
     */
    public String advice(String sourceAdvice) {
        StringBuilder out = new StringBuilder();
        boolean sourceLost = counts.entrySet().stream().anyMatch(e -> e.getValue() > 0
                && e.getKey() != LossMethod.ENOBUFS && e.getKey() != LossMethod.KERNEL_LOST
                && e.getKey() != LossMethod.LEFT_RUN);
        if (found(LossMethod.KERNEL_LOST)) {
            out.append("the kernel dropped audit records at its backlog limit: raise it (auditctl -b 8192) and re-run");
        }
        if (found(LossMethod.ENOBUFS)) {
            if (out.length() > 0) out.append("; ");
            out.append("the audit netlink socket's receive buffer overran: re-run when the machine is less busy, "
                    + "or use --source auditd");
        }
        if (found(LossMethod.LEFT_RUN)) {
            if (out.length() > 0) out.append("; ");
            out.append("a process of the run started an audit session of its own (the warning names it): profile that "
                    + "program on its own");
        }
        if (sourceLost || out.length() == 0) {
            if (out.length() > 0) out.append("; ");
            out.append(sourceAdvice);
        }
        return out.toString();
    }
}
