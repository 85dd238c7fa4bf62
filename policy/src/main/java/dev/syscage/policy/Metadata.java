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
 * @param lost     records the kernel reported lost
 * @param complete whether the run's END marker was seen, i.e. no record can be missing
 * @param tool     the syscage version that wrote it
 * @param created  when it was written
 * @param warnings things a reviewer should know about this profile
 */
public record Metadata(List<String> command, String exe, String kernel, String source,
        long records, long lost, boolean complete, String tool, Instant created,
        List<String> warnings) {

    /** Nothing known: what a hand-written policy without a metadata section has. */
    public static final Metadata NONE =
            new Metadata(List.of(), null, null, null, 0, 0, false, null, null, List.of());

    public Metadata {
        command = command == null ? List.of() : List.copyOf(command);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        if (records < 0 || lost < 0) {
            throw new IllegalArgumentException("record counts must be >= 0");
        }
    }
}
