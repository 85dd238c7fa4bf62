package dev.syscage.policy;

import java.time.Instant;
import java.util.List;

/**
 * How a profile was made. Unknown strings and {@code created} may be null; lists are never null.
 *
 * @param command  the profiled command line
 * @param exe      the resolved executable
 * @param kernel   the kernel release it ran on
 * @param source   where the records came from (e.g. "netlink")
 * @param records  audit records used
 * @param lost     records known to be lost: the largest count of any one detection method in {@code loss}
 *                 (the methods overlap, so their counts are not added)
 * @param loss     how loss was looked for: each method that was applied, with what it counted
 * @param complete whether the profile can be trusted to hold every call: nothing lost and the run's end seen
 * @param tool     the syscage version that wrote it
 * @param created  when it was written
 * @param warnings things a reviewer should know about this profile
 */
public record Metadata(List<String> command, String exe, String kernel, String source,
        long records, long lost, List<Loss> loss, boolean complete, String tool, Instant created,
        List<String> warnings) {

    /** Nothing known: what a hand-written policy without a metadata section has. */
    public static final Metadata NONE =
            new Metadata(List.of(), null, null, null, 0, 0, List.of(), false, null, null, List.of());

    /**
     * Whether nothing is known, as in {@link #NONE}. Compared field by field: a record's generated equals()
     * builds its method handles on first use, a visible part of every writing command's start-up
     * (benchmarks/findings.md).
     */
    public boolean isNone() {
        return command.isEmpty() && exe == null && kernel == null && source == null && records == 0 && lost == 0
                && loss.isEmpty() && !complete && tool == null && created == null && warnings.isEmpty();
    }

    public Metadata {
        command = command == null ? List.of() : List.copyOf(command);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        loss = loss == null ? List.of() : List.copyOf(loss);
        if (records < 0 || lost < 0) {
            throw new IllegalArgumentException("record counts must be >= 0");
        }
    }

    /**
     * One way of detecting lost audit records and what it counted, e.g. {@code serial-gap} 12: twelve audit
     * serial numbers inside the run that the source never showed.
     *
     * @param method the detection method's name (docs/sources.md lists them)
     * @param count  records it found lost (0: it found none), or for a method that watches a condition rather
     *               than records (docs/sources.md says which), how often it found that condition
     * @param how    how the method checked, when that is not evident from its name (e.g. how often it
     *               polled); null when not said
     */
    public record Loss(String method, long count, String how) {
        public Loss(String method, long count) {
            this(method, count, null);
        }

        public Loss {
            if (method == null || method.isEmpty()) {
                throw new IllegalArgumentException("a loss method needs a name");
            }
            if (count < 0) {
                throw new IllegalArgumentException("loss counts must be >= 0");
            }
        }
    }
}
