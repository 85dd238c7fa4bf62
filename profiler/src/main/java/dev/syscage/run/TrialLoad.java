package dev.syscage.run;

import dev.syscage.nativeparts.NativeContract;
import dev.syscage.nativeparts.NativeParts;
import dev.syscage.policy.Profile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Asks the real enforcer whether a policy loads: the launcher builds the init ∪ main filter with its
 * libseccomp and installs it in a throwaway process running {@code /bin/true} with action {@code log},
 * so nothing is refused. The main-phase filter is a subset of that one, so it loads too. The kernel's
 * limit (4096 BPF instructions) depends on how libseccomp lays the filter out; trying is exact.
 */
public final class TrialLoad {
    /** A program every Debian system has, that makes a few calls and exits 0. */
    public static final Path TARGET = Path.of("/bin/true");

    private TrialLoad() {
    }

    /** Why the filter of {@code profile} does not load, or empty when it loads. */
    public static Optional<String> refusal(NativeParts parts, Profile profile) throws IOException, InterruptedException {
        LauncherCall.Output out = LauncherCall.run(profile,
                policy -> NativeContract.trialLoadCommand(parts, policy, TARGET.toString()));
        if (out.status() != NativeContract.EXIT_SETUP_FAILED) return Optional.empty();
        return Optional.of(out.firstError().isEmpty() ? "the launcher refused it" : out.firstError());
    }
}
