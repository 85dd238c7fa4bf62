package dev.syscage.cli;

import dev.syscage.policy.PolicyException;
import dev.syscage.policy.Profile;
import dev.syscage.policy.ProfileYaml;
import dev.syscage.syscalls.Arch;
import java.nio.file.Path;

/** A policy a command is about to apply on this machine: read, and refused when it is for another architecture. */
final class PolicyFile {
    private PolicyFile() {
    }

    /** {@code advice}: what to do instead, as the end of the one-line message. */
    static Profile readForThisMachine(Path file, String advice) throws PolicyException {
        Profile profile = ProfileYaml.read(file);
        if (profile.arch() != Arch.machine()) {
            throw new UserError(ExitCodes.BAD_INPUT, file + ": a policy for " + profile.arch() + ", but this machine is "
                    + Arch.machine() + "; " + advice);
        }
        return profile;
    }
}
