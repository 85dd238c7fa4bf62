package dev.syscage.cli;

import dev.syscage.run.ProfileRun;
import dev.syscage.source.NetlinkSource;
import dev.syscage.source.RecordSource;
import dev.syscage.syscalls.SyscallTable;
import java.util.List;

/** One profiling run of a command, as {@code profile} and {@code verify} make it. */
final class Profiling {
    private Profiling() {
    }

    static ProfileRun.Result run(List<String> command) throws Exception {
        ProfileRun run = new ProfileRun(NativeCli.parts(), SyscallTable.get());
        try (RecordSource records = NetlinkSource.open(); AutoCloseable status = StatusLine.open(run.counts())) {
            return run.run(command, records, "syscage " + Main.version());
        }
    }
}
