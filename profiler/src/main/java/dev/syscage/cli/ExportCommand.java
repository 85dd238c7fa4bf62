package dev.syscage.cli;

import dev.syscage.nativeparts.NativeContract;
import dev.syscage.policy.Phase;
import dev.syscage.policy.Profile;
import dev.syscage.policy.ProfileYaml;
import dev.syscage.policy.SyscallRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a profile in a form another enforcer reads.",
                "syscage: the policy file of syscage-exec --policy and SYSCAGE_POLICY (both phases).",
                "env: SECCOMP_SYSCALL_ALLOW=… for the preload library alone, Cloudflare-compatible (main phase: "
                        + "the library installs its filter after runtime init)."})
final class ExportCommand implements Callable<Integer> {

    enum Format { syscage, env }

    @Option(names = {"-f", "--format"}, required = true, paramLabel = "FORMAT",
            description = "one of: ${COMPLETION-CANDIDATES}")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "write here instead of stdout")
    Path output;

    @Parameters(index = "0", paramLabel = "FILE", description = "a profile written by 'syscage profile'")
    Path file;

    @Override
    public Integer call() throws Exception {
        Profile profile = ProfileYaml.read(file);
        String text = switch (format) {
            case syscage -> NativeContract.renderPolicy(profile);
            case env -> env(profile);
        };
        if (output == null) {
            System.out.print(text);
        } else {
            Files.writeString(output, text);
        }
        return ExitCodes.OK;
    }

    private static String env(Profile profile) {
        if (profile.phase(Phase.MAIN).stream().anyMatch(r -> r.abi() != null)) {
            throw new UserError(ExitCodes.BAD_INPUT, "the main phase lists calls of another ABI, which "
                    + NativeContract.ENV_ALLOW + " cannot express; use --format syscage");
        }
        return NativeContract.ENV_ALLOW + "=" + profile.phase(Phase.MAIN).stream().map(SyscallRef::text)
                .collect(Collectors.joining(":")) + "\n";
    }
}
