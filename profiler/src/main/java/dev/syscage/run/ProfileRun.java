package dev.syscage.run;

import dev.syscage.loss.Evidence;
import dev.syscage.loss.LossMethod;
import dev.syscage.loss.LossReport;
import dev.syscage.loss.SerialLedger;
import dev.syscage.nativeparts.NativeContract;
import dev.syscage.nativeparts.NativeParts;
import dev.syscage.phase.OwnCalls;
import dev.syscage.phase.PhaseCounts;
import dev.syscage.phase.SessionCounts;
import dev.syscage.phase.SessionTracker;
import dev.syscage.policy.Profile;
import dev.syscage.record.AuditRecord;
import dev.syscage.source.RecordSource;
import dev.syscage.syscalls.Arch;
import dev.syscage.syscalls.SyscallTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One profiling run: the target runs through the launcher with an empty allowlist and every call
 * logged; the run's records are attributed to phases and counted, and what the source lost is judged.
 */
public final class ProfileRun {
    private static final int LINGERING_SHOWN = 10;

    private final NativeParts parts;
    private final SyscallTable table;
    private final Arch arch = Arch.machine();
    private final PhaseCounts counts;
    private final SessionCounts run;
    private final SessionTracker tracker;
    private final AuditedLaunch launch;

    /**
     * The profile (null when the target never started under the profiler), the target's exit status, and
     * the loss verdict (what the profile's metadata holds, and the advice for the user).
     */
    public record Result(Profile profile, int exitStatus, LossReport loss, String lossAdvice, int token,
            Ending ending) {
    }

    /**
     * How to run: {@code base} (null: none) is a profile whose calls are allowed without a record, so only
     * what it lacks is logged (incremental profiling); {@code timeout} (null: none) ends the run.
     */
    public record Options(Profile base, Duration timeout) {
        public static final Options NONE = new Options(null, null);
    }

    public ProfileRun(NativeParts parts, SyscallTable table) {
        this.parts = parts;
        this.table = table;
        this.launch = new AuditedLaunch(parts);
        this.tracker = SessionTracker.live(launch.token(), launch.endKey(), launch::endSender, OwnCalls.of(table));
        this.run = new SessionCounts(tracker);
        this.counts = run.counts();
    }

    /** The token of this run's markers: {@code syscage parse --session TOKEN} finds the run in a saved log. */
    public int token() {
        return launch.token();
    }

    /** Counts so far, for a live status line; read from another thread. */
    public PhaseCounts counts() {
        return counts;
    }

    public Result run(List<String> command, RecordSource source, String tool, Options options)
            throws IOException, InterruptedException {
        try (ScratchDir dir = ScratchDir.create()) {
            // in the cache, not the private scratch directory: readable after a privilege drop and after the run
            Path policy = parts.policyFile(options.base() == null ? NativeContract.emptyPolicy(arch.seccompName())
                    : NativeContract.renderPolicy(options.base()));
            Path report = dir.file("session");
            List<String> argv = NativeContract.profileCommand(parts, launch.token(), policy, report, command);
            KernelCounter kernel = KernelCounter.start();
            // The end key reaches the launcher in its environment, which it clears before the target starts.
            AuditedLaunch.Command launcher = new AuditedLaunch.Command(argv,
                    Map.of(NativeContract.ENV_END_KEY, NativeContract.endKeyLine(launch.endKey())));
            AuditedLaunch.Outcome outcome;
            List<String> unverifiable = new ArrayList<>();
            List<Evidence> watched;
            try (LoggingWatch logging = LoggingWatch.start()) {
                outcome = launch.run(launcher, source, r -> take(r, report),
                        new AuditedLaunch.Watch(options.timeout(), tracker::sessions, target -> { }));
                watched = logging.finish(unverifiable);
            }
            if (!tracker.started()) expectFromReport(report);
            if (!tracker.started()) {
                return new Result(null, outcome.exitStatus(), new LossReport(), source.lossAdvice(), token(),
                        outcome.ending());
            }
            List<String> warnings = new ArrayList<>(source.warnings());
            LossReport loss = loss(source, outcome, kernel, watched, unverifiable, warnings);
            ending(outcome.ending(), options.timeout(), warnings);
            if (outcome.nudges() > 0) warnings.add(BacklogStall.warning(outcome.nudges()));
            lingering(warnings);
            Executable.underNoNewPrivs(run.counts().exes()).ifPresent(warnings::add);
            Profile profile = ProfileAssembly.build(run, arch, table, command, System.getProperty("os.version"),
                    source.name(), loss, warnings, tool, !outcome.ending().interrupted());
            if (options.base() != null) profile = Incremental.onto(options.base(), profile);
            return new Result(profile, outcome.exitStatus(), loss, source.lossAdvice(), token(), outcome.ending());
        }
    }

    private static void ending(Ending ending, Duration timeout, List<String> warnings) {
        if (ending.interrupted()) {
            warnings.add("the run was cut short by " + ending.signalName() + "; calls the program would have made later "
                    + "are missing");
        } else if (ending.timedOut()) {
            warnings.add("the run was ended by --timeout " + timeout.toMillis() / 1000.0 + " s (SIGTERM to "
                    + ending.signalled() + " processes of the run, SIGKILL " + Supervisor.GRACE.toSeconds()
                    + " s later to any left)");
        }
    }

    private void take(AuditRecord r, Path report) {
        // A lossy source may drop the START marker; the launcher's report names the session all the same.
        if (!tracker.started()) expectFromReport(report);
        run.accept(r);
    }

    /**
     * The run's init session and pid, from the report the launcher wrote (in syscage's private directory) before
     * its filter: the only source of the run's session, so no marker of another process can start the run.
     */
    private void expectFromReport(Path report) {
        try {
            if (!Files.exists(report) || Files.size(report) == 0) return;
            String text = Files.readString(report);
            if (!text.endsWith("\n")) return; // still being written
            long ses = NativeContract.reportedSession(text);
            long pid = NativeContract.reportedPid(text);
            if (ses >= 0 && pid >= 0) tracker.expect(ses, pid);
        } catch (IOException e) {
            // not written yet: the next record tries again
        }
    }

    /**
     * The loss verdict: what the source's methods counted inside the run, its missing markers, the kernel's lost
     * counter, what {@code watched} found of the settings that drop records unseen, and, as a method of its own,
     * the kinds of loss nothing could see ({@code unverifiable}).
     */
    private LossReport loss(RecordSource source, AuditedLaunch.Outcome outcome, KernelCounter kernel,
            List<Evidence> watched, List<String> unverifiable, List<String> warnings) {
        LossReport loss = new LossReport();
        long first = run.firstSerial();
        long last = run.lastSerial();
        // Without the START marker the run began somewhere after what the source showed before the launch (or,
        // when it had shown nothing yet, anywhere since it was opened); without the END marker it ended
        // somewhere before what the source showed last. Both err on the side of counting more as the run's.
        if (!tracker.startSeen()) first = outcome.serialBefore() >= 0 ? outcome.serialBefore() + 1 : -1;
        if (!outcome.drained()) last = SerialLedger.later(last, source.highestSerial());
        if (last >= 0) loss.addAll(source.loss(first, last));
        int missingMarkers = (tracker.startSeen() ? 0 : 1) + (outcome.drained() && run.ended() ? 0 : 1);
        // A missing START marker that left no gap where it was made (after the source's last record before the
        // launch, before the run's first record), or no loss signal from a source that signals every loss, never
        // took a serial: the kernel dropped it before any reader, and the source is not to blame.
        boolean noSignal = !loss.found(LossMethod.SERIAL_GAP) && !loss.found(LossMethod.ENOBUFS);
        boolean unnumbered = !tracker.startSeen() && noSignal && (source.signalsEveryLoss()
                || outcome.serialBefore() >= 0 && run.lastSerial() >= 0);
        loss.add(new Evidence(LossMethod.MARKERS, missingMarkers, null, unnumbered ? "the run's START marker took no "
                + "serial number (no gap shows where it was made), so the kernel dropped it before any reader could see "
                + "it: look for an audit exclude rule (auditctl -l), 'log' missing from kernel.seccomp.actions_logged, or "
                + "drops at the kernel's backlog limit (auditctl -s)" : null));
        loss.add(new Evidence(LossMethod.LEFT_RUN, tracker.leftRecords()));
        if (!tracker.startSeen()) {
            warnings.add("the run's START marker never reached the " + source.name() + " source; the run was found "
                    + "through the launcher's report");
        }
        if (!outcome.drained()) {
            warnings.add("the end of the run never showed in the " + source.name() + " source; the last records "
                    + "may be missing");
        }
        kernel.finish(unverifiable).ifPresent(loss::add);
        loss.addAll(watched);
        loss.add(new Evidence(LossMethod.NOT_VERIFIABLE, unverifiable.size(), null, unverifiable.isEmpty() ? null
                : "loss cannot be ruled out: " + String.join("; ", unverifiable)));
        return loss;
    }

    private void lingering(List<String> warnings) {
        List<Long> pids = RunProcesses.left(tracker.sessions());
        if (pids.isEmpty()) return;
        warnings.add(pids.size() + " processes of the run were still running when it ended (pids "
                + pids.subList(0, Math.min(LINGERING_SHOWN, pids.size())) + (pids.size() > LINGERING_SHOWN ? ", …" : "")
                + "): calls they make later are not in the profile; profile with --timeout DURATION to follow them");
    }
}
