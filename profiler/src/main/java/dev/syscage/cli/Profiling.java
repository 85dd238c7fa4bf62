package dev.syscage.cli;

import dev.syscage.nativeparts.NativeParts;
import dev.syscage.run.ProfileRun;
import dev.syscage.run.RunGuard;
import dev.syscage.run.SeccompLogging;
import dev.syscage.source.RecordSource;
import dev.syscage.source.Sources;
import dev.syscage.syscalls.SyscallTable;
import java.util.List;

/** One profiling run of a command, as {@code profile} and {@code verify} make it. */
final class Profiling {
    private Profiling() {
    }

    /**
     * Profiles {@code command} with records from {@code source} (a name of {@link Sources}, not auto). Refuses to
     * start when the kernel would not log the calls (the target is not run unobserved).
     */
    static ProfileRun.Result run(List<String> command, String source, ProfileRun.Options options) throws Exception {
        SeccompLogging.problem().ifPresent(p -> {
            throw new UserError(ExitCodes.SETUP_FAILED, p);
        });
        NativeParts parts = NativeCli.parts();
        ProfileRun run = new ProfileRun(parts, SyscallTable.get());
        RunGuard.start(parts).ifPresent(why -> System.err.println("syscage: warning: if syscage is killed, processes that "
                + "left the target can outlive it under the log-everything filter: " + why));
        try (RecordSource records = Sources.open(source); AutoCloseable status = StatusLine.open(run.counts())) {
            return run.run(command, records, "syscage " + Main.version(), options);
        }
    }

    /**
     * The exit status of a run syscage was told to stop (128 + the signal, as a shell reports a process the
     * signal ended, whatever the target made of it), or {@code otherwise}.
     */
    static int status(ProfileRun.Result result, int otherwise) {
        return result.ending().interrupted() ? 128 + result.ending().signal() : otherwise;
    }
}
