package dev.syscage.cli;

import dev.syscage.run.ProfileRun;
import dev.syscage.source.RecordSource;
import dev.syscage.source.Sources;
import dev.syscage.syscalls.SyscallTable;
import java.util.List;

/** One profiling run of a command, as {@code profile} and {@code verify} make it. */
final class Profiling {
    private Profiling() {
    }

    /** Profiles {@code command} with records from {@code source} (a name of {@link Sources}, not auto). */
    static ProfileRun.Result run(List<String> command, String source) throws Exception {
        ProfileRun run = new ProfileRun(NativeCli.parts(), SyscallTable.get());
        try (RecordSource records = Sources.open(source); AutoCloseable status = StatusLine.open(run.counts())) {
            return run.run(command, records, "syscage " + Main.version());
        }
    }
}
