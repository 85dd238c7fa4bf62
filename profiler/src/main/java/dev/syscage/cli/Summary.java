package dev.syscage.cli;

import dev.syscage.diff.ProfileDiff;
import dev.syscage.loss.LossReport;
import dev.syscage.policy.Phase;
import dev.syscage.policy.PolicyException;
import dev.syscage.policy.Printable;
import dev.syscage.policy.Profile;
import dev.syscage.policy.SyscallRef;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** What {@code profile} and {@code parse} tell on stderr about the profile they wrote, and the verdict on loss. */
final class Summary {
    private Summary() {
    }

    static void print(String what, Profile profile, Path out) {
        var m = profile.metadata();
        System.err.printf("syscage: %s: %d records, %d lost%s%n", Printable.of(what), m.records(), m.lost(),
                m.loss().isEmpty() ? "" : " (" + m.loss().stream().map(l -> l.method() + " " + l.count())
                        .collect(Collectors.joining(", ")) + ")");
        System.err.printf("syscage: init %d syscalls, main %d, init ∪ main %d%n", profile.phase(Phase.INIT).size(),
                profile.phase(Phase.MAIN).size(), profile.all().size());
        System.err.println("syscage: main: " + Printable.of(profile.phase(Phase.MAIN).stream().map(SyscallRef::text)
                .collect(Collectors.joining(" "))));
        for (String w : m.warnings()) System.err.println("syscage: warning: " + Printable.of(w));
        System.err.println("syscage: profile written to " + Printable.of(out));
    }

    /** What an incremental profile added to its base, per phase (as {@code syscage diff} counts it). */
    static void newAgainst(Path baseFile, Profile base, Profile profile) throws PolicyException {
        ProfileDiff diff = ProfileDiff.of(baseFile.toString(), base, "the new profile", profile);
        StringBuilder added = new StringBuilder();
        for (Phase p : Phase.values()) {
            var fresh = diff.phases().get(p).added().stream().map(SyscallRef::text).toList();
            if (!fresh.isEmpty()) added.append("; ").append(p.key()).append(" +").append(String.join(" +", fresh));
        }
        System.err.println("syscage: new against " + Printable.of(baseFile) + ": " + (added.length() == 0 ? "nothing"
                : added.substring(2)) + " (calls no longer made show only in a full run)");
    }

    /**
     * The exit status for a profile written with this loss verdict: {@code normal} when nothing was lost or
     * the user accepts it, else {@link ExitCodes#INCOMPLETE} with one line naming the cause and the fix.
     */
    static int verdict(LossReport loss, String advice, Path out, boolean allowIncomplete, int normal) {
        if (loss.lost() == 0) return normal;
        String line = "syscage: " + loss.lost() + " audit record(s) of the run were lost (" + loss.found() + "); "
                + loss.advice(advice) + "; " + Printable.of(out) + " is marked incomplete";
        if (allowIncomplete) {
            System.err.println(line + " (accepted: --allow-incomplete)");
            return normal;
        }
        System.err.println(line + ", pass --allow-incomplete to accept it");
        return ExitCodes.INCOMPLETE;
    }
}
