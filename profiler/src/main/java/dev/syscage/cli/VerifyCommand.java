package dev.syscage.cli;

import dev.syscage.policy.Phase;
import dev.syscage.policy.Printable;
import dev.syscage.policy.Profile;
import dev.syscage.run.ProfileRun;
import dev.syscage.source.Sources;
import dev.syscage.verify.Outside;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "verify", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n", footer = {"  syscage verify --policy app.yaml -- /usr/bin/app --new-feature"},
        description = {"Dry run: run CMD as under the policy with action log (nothing is refused) and report every "
                + "syscall outside the policy, per phase and per process (on stderr).",
                "Exit status: 0 nothing outside, 1 something outside, 3 nothing outside but CMD failed "
                        + "(non-zero status or killed by a signal), 2 bad input, 125 setup failed, 126/127 CMD "
                        + "cannot be executed / found."})
final class VerifyCommand implements Callable<Integer> {

    @Option(names = "--policy", required = true, paramLabel = "FILE", description = "the policy to verify against")
    Path policy;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "the program and its arguments")
    List<String> command;

    @Override
    public Integer call() throws Exception {
        Profile allowed = PolicyFile.readForThisMachine(policy, "verify it on a machine of that architecture");
        Loopholes.warn(allowed, policy);
        ProfileRun.Result result = Profiling.run(command, Sources.NETLINK, ProfileRun.Options.NONE);
        Profile observed = result.profile();
        if (observed == null) {
            System.err.println("syscage: verify: " + Printable.of(command.get(0)) + " did not start (exit status "
                    + result.exitStatus() + "); nothing to verify");
            return Profiling.status(result, result.exitStatus());
        }
        List<Outside> outside = Outside.of(allowed, observed);
        report(outside, observed);
        String target = describe(command.get(0), result.exitStatus());
        System.err.println("syscage: verify: " + Printable.of(target));
        if (!outside.isEmpty()) {
            return ExitCodes.OUTSIDE_POLICY;
        }
        return Profiling.status(result, result.exitStatus() == 0 ? ExitCodes.OK : ExitCodes.TARGET_FAILED);
    }

    private void report(List<Outside> outside, Profile observed) {
        for (String w : observed.metadata().warnings()) {
            System.err.println("syscage: warning: " + Printable.of(w));
        }
        if (!observed.metadata().complete()) {
            System.err.println("syscage: warning: the run's audit records are not known to be complete ("
                    + observed.metadata().loss().stream().filter(l -> l.count() > 0).map(l -> l.method() + " "
                    + l.count()).collect(java.util.stream.Collectors.joining(", ")) + "); the report may miss calls");
        }
        if (outside.isEmpty()) {
            System.err.printf("syscage: verify: every syscall was inside %s (init %d, main %d distinct calls seen)%n",
                    policy, observed.phase(Phase.INIT).size(), observed.phase(Phase.MAIN).size());
            return;
        }
        System.err.printf("syscage: verify: %d syscall%s outside %s (logged, not refused):%n", outside.size(),
                outside.size() == 1 ? "" : "s", policy);
        int width = Math.max(7, outside.stream().mapToInt(o -> o.syscall().text().length()).max().orElse(7));
        String row = "%-5s  %-" + width + "s  %6s  %s%n";
        System.err.printf(row, "PHASE", "SYSCALL", "CALLS", "PROCESSES");
        for (Outside o : outside) {
            System.err.printf(row, o.phase().key(), o.syscall().text(), o.calls(),
                    Printable.of(String.join(" ", o.processes())));
        }
    }

    /** The target's own outcome, kept apart from the policy's. */
    private static String describe(String target, int status) {
        if (status == 0) {
            return target + " exited with status 0";
        }
        if (status > 128 && status < 160) {
            return target + " failed: killed by signal " + (status - 128) + " (not by the policy: verify refuses nothing)";
        }
        return target + " failed: exit status " + status + " (not caused by the policy: verify refuses nothing)";
    }
}
