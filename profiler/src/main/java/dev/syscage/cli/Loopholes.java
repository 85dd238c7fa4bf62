package dev.syscage.cli;

import dev.syscage.policy.Profile;
import java.util.Optional;

/**
 * What a policy lets a confined program do that seccomp never sees (docs/security.md): said by every
 * command that writes, shows, checks or enforces a policy, not only by {@code diff}'s risk list.
 */
final class Loopholes {
    private Loopholes() {
    }

    /** The warning for {@code policy} (named {@code name}), if it allows io_uring in any phase or ABI. */
    static Optional<String> of(Profile policy, Object name) {
        boolean ioUring = policy.all().stream().anyMatch(ref -> ref.name().equals("io_uring_setup"));
        return ioUring ? Optional.of(name + " allows io_uring_setup: what a program submits through io_uring (opening "
                + "files, connecting sockets, …) never passes seccomp, so the policy does not limit those operations; "
                + "take io_uring_setup out unless the program needs it (docs/security.md)") : Optional.empty();
    }

    /** Prints the warning for {@code policy} on stderr, if any. */
    static void warn(Profile policy, Object name) {
        of(policy, name).ifPresent(w -> System.err.println("syscage: warning: " + w));
    }
}
