package dev.syscage.run;

import dev.syscage.nativeparts.NativeContract;
import dev.syscage.nativeparts.NativeParts;
import dev.syscage.policy.Profile;
import dev.syscage.policy.SyscallRef;
import dev.syscage.record.AuditRecord;
import dev.syscage.source.RecordSource;
import dev.syscage.syscalls.Arch;
import dev.syscage.syscalls.SyscallTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * One confined run: the launcher installs init ∪ main, the preload library main (or, preload only, the
 * library alone: main from the program's constructors on). syscage checks in /proc that the filters are
 * really in place, and when audit records can be read, collects the refusals of this run so it can name
 * the syscall that was refused.
 */
public final class EnforcedRun {
    /** Refusals kept at most; a run that is refused more often than this has one problem many times. */
    private static final int MAX_REFUSALS = 10_000;

    private final NativeParts parts;
    private final SyscallTable table;

    /** A call the policy refused: which, where and what the kernel did. */
    public record Refusal(SyscallRef syscall, long pid, String exe, String action) {
    }

    /**
     * @param unconfined the target ran without syscage's filter and was killed (fail closed); say why
     */
    public record Result(int exitStatus, List<Refusal> refusals, boolean audited, Ending ending, String unconfined) {
    }

    /** The preload-only mode was asked for a program the preload library cannot reach. */
    public static final class NotPreloadable extends Exception {
        private static final long serialVersionUID = 1L;

        NotPreloadable(String message) {
            super(message);
        }
    }

    public EnforcedRun(NativeParts parts, SyscallTable table) {
        this.parts = parts;
        this.table = table;
    }

    /**
     * Runs {@code command} confined by {@code policy}; {@code warn} hears, as soon as syscage sees it, that the
     * filters are not all in place.
     */
    public Result run(Profile policy, String action, List<String> command, RecordSource source, boolean preloadOnly,
            Consumer<String> warn) throws IOException, InterruptedException, NotPreloadable {
        boolean isStatic = Executable.isStatic(command.get(0)).orElse(false);
        if (preloadOnly) requirePreloadable(command.get(0));
        // The launcher's filter sets no_new_privs: a setuid program keeps its caller's ids (preload-only refuses them).
        else Executable.privileged(command.get(0)).ifPresent(why -> warn.accept(why + ": under the filter (no_new_privs) "
                + "it runs without those ids, and may fail or behave otherwise than natively"));
        try (ScratchDir dir = ScratchDir.create()) {
            // not in the scratch directory: a process of the run may execute a program after the run ended
            Path policyFile = parts.policyFile(NativeContract.renderPolicy(policy));
            Path report = dir.file("session");
            List<AuditRecord> refused = new ArrayList<>();
            AuditedLaunch launch = new AuditedLaunch(parts);
            Path loaded = dir.write("loaded", "");
            AuditedLaunch.Command cmd = preloadOnly
                    ? new AuditedLaunch.Command(command, NativeContract.preloadEnvironment(parts, policyFile, action,
                            loaded))
                    : new AuditedLaunch.Command(NativeContract.enforceCommand(parts, policyFile, action,
                            source == null ? null : report, command));
            // without the launcher, a target that exits before /proc shows its filter is told by the library's word
            LongPredicate ranPreload = preloadOnly ? p -> loadedIn(loaded, p) : null;
            Confinement check = new Confinement(FilterCheck.inherited(), !preloadOnly, !isStatic, ranPreload, warn);
            long[] pid = {-1};
            AuditedLaunch.Outcome outcome = launch.run(cmd, source, r -> {
                if (r.refused() && refused.size() < MAX_REFUSALS) refused.add(r);
            }, new AuditedLaunch.Watch(null, () -> Set.of(reportedSession(report)), target -> {
                pid[0] = target.pid();
                check.watch(target);
            }));
            check.join();
            // refusals logged by log or errno actions make records, so a run can meet the backlog race too
            if (outcome.nudges() > 0) warn.accept(BacklogStall.warning(outcome.nudges()));
            // the launcher's new audit session marks the run's processes; without one (preload only, or the kernel
            // gave the launcher none), the target's pid
            long ses = reportedSession(report);
            if (source != null && !preloadOnly && ses < 0 && reported(report)) {
                warn.accept("refusals are named only in pid " + pid[0] + " (the target), not in processes it starts: "
                        + "the launcher got no audit session of the run's own (the login uid is set and syscage lacks "
                        + "CAP_AUDIT_CONTROL, or it is immutable); enforcement is the same");
            }
            Predicate<AuditRecord> ofRun = ses >= 0 ? r -> r.ses() == ses : r -> r.pid() == pid[0];
            return new Result(outcome.exitStatus(), refusals(policy.arch(), refused.stream().filter(ofRun).toList()),
                    source != null, outcome.ending(), check.killed());
        }
    }

    /**
     * Refuses a program that the preload library alone cannot confine: a static one (no loader), and one that
     * executing would raise above syscage's ids or capabilities (its loader ignores LD_PRELOAD).
     */
    public static void requirePreloadable(String command) throws NotPreloadable {
        if (Executable.isStatic(command).orElse(false)) {
            throw new NotPreloadable(command + " is statically linked: LD_PRELOAD never reaches it, so the "
                    + "preload library alone would leave it unconfined; run it without --preload-only (the launcher's "
                    + "filter confines a static program for its whole life)");
        }
        Optional<String> privileged = Executable.privileged(command);
        if (privileged.isPresent()) {
            throw new NotPreloadable(privileged.get() + ": the loader ignores LD_PRELOAD for such a program, so the "
                    + "preload library alone would leave it unconfined and privileged; run it without --preload-only "
                    + "(the launcher's filter confines it, and no_new_privs keeps it at your ids)");
        }
    }

    /** Whether the preload library's constructor wrote {@code pid} to {@code loaded} (it ran in that process). */
    private static boolean loadedIn(Path loaded, long pid) {
        try {
            return Files.readAllLines(loaded).contains(Long.toString(pid));
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the launcher wrote its report (it names its pid, and the session when it got one). */
    private static boolean reported(Path report) {
        try {
            return Files.exists(report) && NativeContract.reportedPid(Files.readString(report)) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static long reportedSession(Path report) {
        try {
            return Files.exists(report) ? NativeContract.reportedSession(Files.readString(report)) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private List<Refusal> refusals(Arch arch, List<AuditRecord> records) {
        Set<Refusal> out = new LinkedHashSet<>();
        for (AuditRecord r : records) {
            var abi = Arch.ofRecord(r.arch(), r.syscall());
            SyscallRef ref = abi.isPresent() ? SyscallRef.of(arch, abi.get(), r.syscall(), table)
                    : SyscallRef.parse(Long.toString(r.syscall()));
            out.add(new Refusal(ref, r.pid(), r.exe(), r.actionName()));
        }
        return List.copyOf(out);
    }
}
