package dev.syscage.cli;

import dev.syscage.nativeparts.NativeContract;
import dev.syscage.policy.Phase;
import dev.syscage.policy.Printable;
import dev.syscage.policy.Profile;
import dev.syscage.policy.ProfileCheck;
import dev.syscage.run.TrialLoad;
import dev.syscage.syscalls.Arch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "check", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n", footer = {
            "  syscage check app.yaml && syscage run --policy app.yaml -- /usr/bin/app"},
        description = {"Validate a policy: YAML shape, every syscall known for its architecture (with the closest "
                + "known name for a typo), none listed twice in a phase, and a filter that loads (the native parts' "
                + "limits, then a trial load on this machine when the policy is for it).",
                "Exit status: 0 valid, 1 problems (one line each on stdout), 2 nothing to check (missing file, not "
                        + "a profile, newer schema)."})
final class CheckCommand implements Callable<Integer> {
    private static final int SHOWN = 100;

    @Parameters(index = "0", paramLabel = "FILE", description = "the profile or hand-written policy")
    Path file;

    @Override
    public Integer call() throws Exception {
        ProfileCheck.Result result = ProfileCheck.check(file);
        List<String> problems = new ArrayList<>(result.problems().stream().map(ProfileCheck.Finding::text).toList());
        String loads = "";
        if (result.profile() != null) {
            Profile p = result.profile();
            int lines = p.allowed(Phase.INIT).size() + p.allowed(Phase.MAIN).size(); // each with the baseline
            if (lines > NativeContract.MAX_POLICY_LINES) {
                problems.add(file + ": " + lines + " syscall lines (init " + p.allowed(Phase.INIT).size() + " + main "
                        + p.allowed(Phase.MAIN).size() + "), more than the " + NativeContract.MAX_POLICY_LINES
                        + " the native parts read; remove the calls the program does not need");
            } else if (p.arch() != Arch.machine()) {
                loads = "; not loaded here (the policy is for " + p.arch() + ", this machine is " + Arch.machine()
                        + ")";
            } else if (!Files.isExecutable(TrialLoad.TARGET)) {
                loads = "; not loaded here (no " + TrialLoad.TARGET + " to load it for)";
            } else {
                Optional<String> refusal = TrialLoad.refusal(NativeCli.parts(), p);
                if (refusal.isPresent()) {
                    problems.add(file + ": the filter does not load: " + refusal.get());
                } else {
                    loads = "; its filter loads on this machine";
                }
            }
        }
        // the first ones, each on its line; a file of thousands of problems is not fixed line by line
        problems.stream().limit(SHOWN).forEach(p -> System.out.println(Printable.of(p)));
        if (problems.size() > SHOWN) System.out.println("… and " + (problems.size() - SHOWN) + " more");
        if (!problems.isEmpty()) {
            System.out.println(Printable.of(file) + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems"));
            return ExitCodes.CHECK_FAILED;
        }
        Profile p = result.profile();
        Loopholes.warn(p, file);
        System.out.println(Printable.of(file) + ": ok: " + p.arch() + ", init " + p.phase(Phase.INIT).size() + ", main "
                + p.phase(Phase.MAIN).size() + " syscalls" + loads);
        return ExitCodes.OK;
    }
}
