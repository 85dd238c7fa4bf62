package dev.syscage.run;

import dev.syscage.nativeparts.NativeContract;
import dev.syscage.nativeparts.NativeParts;
import dev.syscage.phase.PhaseCounts;
import dev.syscage.phase.SessionTracker;
import dev.syscage.phase.Verdict;
import dev.syscage.policy.Metadata;
import dev.syscage.policy.Phase;
import dev.syscage.policy.Profile;
import dev.syscage.record.AuditRecord;
import dev.syscage.source.RecordSource;
import dev.syscage.syscalls.Arch;
import dev.syscage.syscalls.SyscallTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One profiling run: the target runs through the launcher with an empty allowlist and every call
 * logged; the run's records are attributed to phases and counted.
 */
public final class ProfileRun {
    private final NativeParts parts;
    private final SyscallTable table;
    private final Arch arch = Arch.machine();
    private final PhaseCounts counts = new PhaseCounts();
    private volatile String rootExe;

    /** The profile (null when the target never started under the profiler) and the target's exit status. */
    public record Result(Profile profile, int exitStatus) {
    }

    public ProfileRun(NativeParts parts, SyscallTable table) {
        this.parts = parts;
        this.table = table;
    }

    /** Counts so far, for a live status line; read from another thread. */
    public PhaseCounts counts() {
        return counts;
    }

    public Result run(List<String> command, RecordSource source, String tool) throws IOException, InterruptedException {
        AuditedLaunch launch = new AuditedLaunch(parts);
        long close = table.number(arch, "close").orElseThrow();
        SessionTracker tracker = new SessionTracker(launch.token(), arch.auditValue(), close);
        Path dir = Files.createTempDirectory("syscage-");
        try {
            Path empty = Files.writeString(dir.resolve("empty.policy"), NativeContract.emptyPolicy(arch.seccompName()));
            List<String> argv = NativeContract.profileCommand(parts, launch.token(), empty, command);
            AuditedLaunch.Outcome outcome = launch.run(argv, source, r -> take(tracker, r));
            if (!tracker.started()) return new Result(null, outcome.exitStatus());
            return new Result(profile(command, source, tracker, outcome, tool), outcome.exitStatus());
        } finally {
            Files.deleteIfExists(dir.resolve("empty.policy"));
            Files.deleteIfExists(dir);
        }
    }

    private void take(SessionTracker tracker, AuditRecord r) {
        Verdict v = tracker.accept(r);
        if (v == Verdict.INIT || v == Verdict.MAIN) {
            counts.add(v == Verdict.INIT ? Phase.INIT : Phase.MAIN, r);
            if (r.pid() == tracker.rootPid()) rootExe = r.exe();
        }
    }

    private Profile profile(List<String> command, RecordSource source, SessionTracker tracker,
            AuditedLaunch.Outcome outcome, String tool) {
        List<String> warnings = new ArrayList<>(tracker.warnings());
        if (!outcome.drained()) {
            warnings.add("the end of the run was not seen in the audit stream within the drain time; "
                    + "the last records may be missing");
        }
        if (source.lost() > 0) {
            warnings.add("the kernel dropped audit messages for syscage (" + source.lost()
                    + " receive-buffer overruns); re-run the profile");
        }
        var named = counts.named(arch, table, warnings);
        boolean complete = outcome.drained() && source.lost() == 0;
        Metadata metadata = new Metadata(command, rootExe, System.getProperty("os.version"), source.name(),
                counts.records(), source.lost(), List.of(), complete, tool, Instant.now(), warnings);
        return Profile.fromCounts(arch, named, counts.processes(arch, table), metadata);
    }
}
