package dev.syscage.loss;

import dev.syscage.policy.Metadata;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The loss verdict for one run: every method applied and what it counted. The methods overlap (a record
 * dropped by the kernel log's rate limit is one serial gap and one suppressed line), so the number of
 * records lost is the largest count of any method that counts records, not their sum. Methods that watch a
 * condition instead (an audit rule that hides records, loss no method could see) make the run incomplete
 * without adding to the records lost.
 */
public final class LossReport {
    private final Map<LossMethod, Long> counts = new EnumMap<>(LossMethod.class);
    private final Map<LossMethod, String> how = new EnumMap<>(LossMethod.class);
    private final Map<LossMethod, List<String>> found = new EnumMap<>(LossMethod.class);

    /** Adds what a method counted; a method reported twice (two sources of the same signal) keeps the larger. */
    public LossReport add(Evidence e) {
        counts.merge(e.method(), e.count(), Math::max);
        if (e.how() != null) how.put(e.method(), e.how());
        if (e.found() != null && e.count() > 0) {
            List<String> said = found.computeIfAbsent(e.method(), m -> new ArrayList<>());
            if (!said.contains(e.found())) said.add(e.found());
        }
        return this;
    }

    public LossReport addAll(List<Evidence> evidence) {
        evidence.forEach(this::add);
        return this;
    }

    /** Records known lost: at least this many. */
    public long lost() {
        return counts.entrySet().stream().filter(e -> e.getKey().countsRecords()).mapToLong(Map.Entry::getValue)
                .max().orElse(0);
    }

    /** True when no method found anything: no record known lost, and no condition under which some could be. */
    public boolean complete() {
        return counts.values().stream().allMatch(c -> c == 0);
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
        return counts.entrySet().stream().map(e -> new Metadata.Loss(e.getKey().key(), e.getValue(),
                how.get(e.getKey()))).toList();
    }

    /**
     * What to do about the loss: the source's own advice when it lost records, the fixes for the two causes of
     * lost records that lie outside the source (socket overruns, the kernel's backlog limit), and what each
     * method that found a condition said about it.
     */
    public String advice(String sourceAdvice) {
        List<String> out = new ArrayList<>();
        // A method that said what it found named the cause itself: the source is not to blame for that.
        boolean sourceLost = counts.entrySet().stream().anyMatch(e -> e.getValue() > 0 && e.getKey().countsRecords()
                && e.getKey() != LossMethod.ENOBUFS && e.getKey() != LossMethod.KERNEL_LOST
                && e.getKey() != LossMethod.LEFT_RUN && !found.containsKey(e.getKey()));
        if (found(LossMethod.KERNEL_LOST)) {
            out.add("the kernel dropped audit records at its backlog limit: raise it (auditctl -b 8192) and re-run");
        }
        if (found(LossMethod.ENOBUFS)) {
            out.add("the audit netlink socket's receive buffer overran: re-run when the machine is less busy, "
                    + "or use --source auditd");
        }
        for (Map.Entry<LossMethod, Long> e : counts.entrySet()) {
            if (e.getValue() == 0) continue;
            List<String> said = found.get(e.getKey());
            if (said != null) out.addAll(said);
            else if (e.getKey() == LossMethod.LEFT_RUN) {
                out.add("a process of the run started an audit session of its own (the warning names it): profile "
                        + "that program on its own");
            } else if (e.getKey() == LossMethod.ACTIONS_LOGGED) {
                out.add("the kernel recorded a change of kernel.seccomp.actions_logged during the run (CONFIG_CHANGE "
                        + "op=seccomp-logging), and it writes no record for seccomp's log action while 'log' is not in "
                        + "it: leave it alone while profiling and re-run");
            }
        }
        if (sourceLost || out.isEmpty()) out.add(sourceAdvice);
        return String.join("; ", out);
    }
}
