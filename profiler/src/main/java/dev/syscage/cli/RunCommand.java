package dev.syscage.cli;

import dev.syscage.nativeparts.NativeContract;
import dev.syscage.policy.Baseline;
import dev.syscage.policy.Phase;
import dev.syscage.policy.Printable;
import dev.syscage.policy.Profile;
import dev.syscage.run.EnforcedRun;
import dev.syscage.source.AuditAccessException;
import dev.syscage.source.NetlinkSource;
import dev.syscage.source.RecordSource;
import dev.syscage.syscalls.SyscallTable;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n", footer = {
            "  syscage run --policy app.yaml -- /usr/bin/app --flag",
            "  syscage run --policy app.yaml --action errno -- /usr/bin/app"},
        description = {"Run CMD confined by a profile: the launcher allows init ∪ main before exec, the preload "
                + "library allows main once the program's own code starts.",
                "Exits with CMD's exit status; a refused syscall is named on stderr."})
final class RunCommand implements Callable<Integer> {

    @Option(names = "--policy", required = true, paramLabel = "FILE", description = "the profile to enforce")
    Path policy;

    @Option(names = "--action", paramLabel = "ACTION", defaultValue = "kill",
            description = "what a syscall outside the policy gets: " + NativeContract.ACTIONS
                    + " (default: ${DEFAULT-VALUE})")
    String action;

    @Option(names = "--preload-only",
            description = "confine with the preload library alone, as LD_PRELOAD=libsyscage.so does in production: the "
                    + "init phase runs unconfined; refused for statically linked programs, which LD_PRELOAD never reaches")
    boolean preloadOnly;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "the program and its arguments")
    List<String> command;

    @Override
    public Integer call() throws Exception {
        if (!NativeContract.isAction(action)) {
            throw new UserError(ExitCodes.BAD_INPUT, "unknown action '" + action + "'; use " + NativeContract.ACTIONS);
        }
        Profile profile = PolicyFile.readForThisMachine(policy, "learn the policy on this machine");
        Loopholes.warn(profile, policy);
        SyscallTable table = SyscallTable.get();
        EnforcedRun run = new EnforcedRun(NativeCli.parts(), table);
        if (preloadOnly) {
            try {
                EnforcedRun.requirePreloadable(command.get(0));
            } catch (EnforcedRun.NotPreloadable e) {
                throw new UserError(ExitCodes.SETUP_FAILED, e.getMessage());
            }
        }
        RecordSource records = null;
        try {
            records = NetlinkSource.open();
        } catch (AuditAccessException e) {
            System.err.println("syscage: warning: refused syscalls cannot be named: " + e.getMessage());
        }
        EnforcedRun.Result result;
        try {
            result = run.run(profile, action, command, records, preloadOnly,
                    w -> System.err.println("syscage: " + Printable.of(w)));
        } catch (EnforcedRun.NotPreloadable e) {
            throw new UserError(ExitCodes.SETUP_FAILED, e.getMessage());
        } finally {
            if (records != null) records.close();
        }
        if (result.unconfined() != null) return ExitCodes.SETUP_FAILED;
        for (EnforcedRun.Refusal r : result.refusals()) {
            System.err.printf("syscage: refused %s (%s) in pid %d (%s): %s%n", r.syscall().text(), r.action(),
                    r.pid(), Printable.of(r.exe()), Printable.of(why(profile, r)));
        }
        if (result.exitStatus() > 128 && result.exitStatus() < 160) {
            int signal = result.exitStatus() - 128;
            System.err.printf("syscage: %s was killed by signal %d%s%n", Printable.of(command.get(0)), signal,
                    signal == 31 ? " (SIGSYS: a syscall outside the policy)" : "");
        }
        return result.exitStatus();
    }

    private String why(Profile profile, EnforcedRun.Refusal r) {
        if (Baseline.defaults(profile.arch()).contains(r.syscall())) {
            return "not in " + policy + ", and in syscage's baseline, which it lacks (a call whose use depends on"
                    + " timing); profile without --no-baseline, or add it to the profile's baseline";
        }
        if (profile.phase(Phase.INIT).contains(r.syscall()) && !profile.phase(Phase.MAIN).contains(r.syscall())) {
            return "allowed only in the init phase of " + policy + "; add it to phases.main if the program needs it";
        }
        return "not in " + policy + "; re-profile, or add it to phases.main (or init) if the program needs it";
    }
}
