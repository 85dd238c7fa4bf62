package dev.syscage.cli;

import dev.syscage.policy.Phase;
import dev.syscage.policy.Profile;
import dev.syscage.policy.ProfileYaml;
import dev.syscage.policy.SyscallRef;
import dev.syscage.run.ProfileRun;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "profile", mixinStandardHelpOptions = true,
        description = {"Run CMD with every syscall logged, and write the allowlist it needs, split into the "
                + "init phase (loader, libc start-up) and the main phase.",
                "Exits with CMD's exit status; a summary goes to stderr."})
final class ProfileCommand implements Callable<Integer> {

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "where to write the profile (default: NAME.syscage.yaml, NAME being CMD's file name)")
    Path output;

    @Option(names = "--source", paramLabel = "SOURCE", defaultValue = "netlink",
            description = "where audit records come from: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    String source;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "the program and its arguments")
    List<String> command;

    @Override
    public Integer call() throws Exception {
        if (!source.equals("netlink")) {
            throw new UserError(ExitCodes.BAD_INPUT, "unknown source '" + source + "'; this syscage reads 'netlink'");
        }
        Path out = output != null ? output : Path.of(Path.of(command.get(0)).getFileName() + ".syscage.yaml");
        ProfileRun.Result result = Profiling.run(command);
        Profile profile = result.profile();
        if (profile == null) {
            System.err.println("syscage: no profile written: " + command.get(0)
                    + " did not start under the profiler (exit status " + result.exitStatus() + ")");
            return result.exitStatus();
        }
        ProfileYaml.write(profile, out);
        summarize(profile, result.exitStatus(), out);
        return result.exitStatus();
    }

    private static void summarize(Profile profile, int status, Path out) {
        var m = profile.metadata();
        System.err.printf("syscage: profiled %s: exit status %d, %d records, %d lost%n",
                String.join(" ", m.command()), status, m.records(), m.lost());
        System.err.printf("syscage: init %d syscalls, main %d, init ∪ main %d%n", profile.phase(Phase.INIT).size(),
                profile.phase(Phase.MAIN).size(), profile.all().size());
        System.err.println("syscage: main: " + profile.phase(Phase.MAIN).stream().map(SyscallRef::text)
                .collect(Collectors.joining(" ")));
        for (String w : m.warnings()) System.err.println("syscage: warning: " + w);
        System.err.println("syscage: profile written to " + out);
    }
}
