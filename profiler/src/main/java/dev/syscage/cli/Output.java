package dev.syscage.cli;

import dev.syscage.policy.Printable;
import dev.syscage.policy.Profile;
import dev.syscage.policy.ProfileFiles;
import dev.syscage.policy.ProfileYaml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where a command writes its result: checked before the work that produces it, written atomically (a temporary
 * file beside it, renamed over it: a link planted at the name is replaced, never followed), and for a profile,
 * which may be the fruit of a long run, saved in a private temporary file when writing still fails at the end.
 */
final class Output {
    private Output() {
    }

    // Messages quote paths as they are: Main.report and Written.report escape what they print.

    /** Refuses with exit status 2, before any work, an output that cannot be written. */
    static Path check(Path file, String how) {
        ProfileFiles.unwritable(file).ifPresent(why -> {
            throw new UserError(ExitCodes.BAD_INPUT, "cannot write '" + file + "': " + why + "; " + how);
        });
        return file;
    }

    /** Writes {@code content} to {@code file}; a failure is one line with the reason (exit status 125). */
    static void write(Path file, byte[] content) {
        try {
            ProfileFiles.writeAtomically(file, content);
        } catch (IOException e) {
            throw new UserError(ExitCodes.SETUP_FAILED, "cannot write " + file + ": "
                    + ProfileFiles.reason(e) + "; free space or give another path");
        }
    }

    /** Where a profile went: its destination, or the fallback file when that failed ({@code failure} says why). */
    record Written(Path path, String failure) {
        boolean elsewhere() {
            return failure != null;
        }

        /** The one line that says where the profile is instead, and the command's exit status then. */
        int report(int status) {
            if (!elsewhere()) return status;
            System.err.println("syscage: " + Printable.of(failure));
            return ExitCodes.SETUP_FAILED;
        }
    }

    /** Writes {@code profile} to {@code file}, or, when that fails, to a private (0600) temporary file. */
    static Written profile(Profile profile, Path file) {
        byte[] bytes = ProfileYaml.toYaml(profile).getBytes(StandardCharsets.UTF_8);
        try {
            ProfileFiles.writeAtomically(file, bytes);
            return new Written(file, null);
        } catch (IOException e) {
            String why = "cannot write " + file + " (" + ProfileFiles.reason(e) + ")";
            try {
                Path saved = ProfileFiles.writeFallback("syscage-profile-", bytes);
                return new Written(saved, why + "; the profile is saved in " + saved
                        + " (mode 0600) instead: move it where it belongs");
            } catch (IOException again) {
                throw new UserError(ExitCodes.SETUP_FAILED, why + ", nor in the temporary directory ("
                        + ProfileFiles.reason(again) + "); the profile is lost: free space and run it again");
            }
        }
    }
}
