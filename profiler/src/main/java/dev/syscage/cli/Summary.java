package dev.syscage.cli;

import dev.syscage.diff.ProfileDiff;
import dev.syscage.loss.LossReport;
import dev.syscage.policy.Coverage;
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
        System.err.printf("syscage: init %d syscalls, main %d, init ∪ main %d, %s%n", profile.phase(Phase.INIT).size(),
                profile.phase(Phase.MAIN).size(), profile.all().size(), profile.baseline().isEmpty() ? "no baseline"
                        : "baseline " + profile.baseline().calls().size() + " (allowed in every phase)");
        System.err.println("syscage: main: " + Printable.of(profile.phase(Phase.MAIN).stream().map(SyscallRef::text)
                .collect(Collectors.joining(" "))));
        for (String w : m.warnings()) System.err.println("syscage: warning: " + Printable.of(w));
        Loopholes.warn(profile, out);
        System.err.println("syscage: profile written to " + Printable.of(out));
    }

    /**
     * For a profile of several runs: the calls only some runs made, per phase, with in how many (those the baseline
     * allows anyway marked): a call one run of three made is the timing-dependent kind a profile can miss.
     */
    static void partialCoverage(Profile profile) {
        Coverage c = profile.coverage();
        if (!c.present()) return;
        StringBuilder some = new StringBuilder();
        for (Phase p : Phase.values()) {
            String calls = profile.phase(p).stream().filter(r -> c.of(p, r) < c.runs())
                    .map(r -> r.text() + " " + c.of(p, r) + "/" + c.runs()
                            + (profile.baseline().contains(r) ? " (baseline)" : ""))
                    .collect(Collectors.joining(", "));
            if (!calls.isEmpty()) some.append("; ").append(p.key()).append(": ").append(calls);
        }
        System.err.println("syscage: " + (some.length() == 0 ? "every call was made in all " + c.runs() + " runs"
                : "made in only some of the " + c.runs() + " runs" + some));
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
     * The exit status for a profile written with this loss verdict: {@code normal} when the run is complete or
     * the user accepts it, else {@link ExitCodes#INCOMPLETE} with one line naming the cause and the fix.
     */
    static int verdict(LossReport loss, String advice, Path out, boolean allowIncomplete, int normal) {
        if (loss.complete()) return normal;
        String what = loss.lost() > 0 ? loss.lost() + " audit record(s) of the run were lost"
                : "audit records of the run may have been lost unseen";
        String line = "syscage: " + what + " (" + loss.found() + "); " + loss.advice(advice) + "; "
                + Printable.of(out) + " is marked incomplete";
        if (allowIncomplete) {
            System.err.println(line + " (accepted: --allow-incomplete)");
            return normal;
        }
        System.err.println(line + ", pass --allow-incomplete to accept it");
        return ExitCodes.INCOMPLETE;
    }
}
