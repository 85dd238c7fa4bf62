package dev.syscage.run;

import dev.syscage.nativeparts.NativeContract;
import dev.syscage.policy.Profile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * One short run of the launcher on a profile's native policy file, written for it to a private directory (the
 * launcher refuses a policy that others could rewrite): what the launcher prints and how it ends.
 */
final class LauncherCall {
    /** The exit status, standard output, and the first line of standard error without the "syscage: " prefix. */
    record Output(int status, byte[] stdout, String firstError) {
    }

    private LauncherCall() {
    }

    /** Runs the command line {@code argv} makes from the policy file's path, with no input. */
    static Output run(Profile profile, Function<Path, List<String>> argv) throws IOException, InterruptedException {
        try (ScratchDir dir = ScratchDir.create()) {
            Path policy = dir.write("policy", NativeContract.renderPolicy(profile));
            Process p = new ProcessBuilder(argv.apply(policy))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            // the launcher writes at most one line to stderr, so reading stdout first cannot block on it
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int status = p.waitFor();
            return new Output(status, out, err.lines().findFirst().orElse("").replaceFirst("^syscage: ", ""));
        }
    }
}
