package dev.syscage.cli;

import dev.syscage.nativeparts.NativeParts;
import java.io.UncheckedIOException;

/** The native parts for a command, with unpacking failures turned into one line for the user. */
final class NativeCli {
    private NativeCli() {
    }

    static NativeParts parts() {
        try {
            return NativeParts.unpack();
        } catch (IllegalStateException | UncheckedIOException e) {
            throw new UserError(ExitCodes.SETUP_FAILED, e.getMessage());
        }
    }
}
