package dev.syscage.export;

import dev.syscage.policy.Metadata;
import dev.syscage.policy.Profile;

/** The header of formats that allow comments: what the file is, and which phases it carries and why. */
final class Comment {
    private Comment() {
    }

    static String header(String marker, Exporter format, Profile profile) {
        return marker + " syscage export --format " + format.name() + ": " + Allowlist.words(format.phases())
                + " phase" + (format.phases().size() > 1 ? "s" : "") + " of " + target(profile) + " ("
                + profile.arch() + ")" + baseline(profile) + "\n" + marker + " " + format.why() + "\n";
    }

    private static String baseline(Profile profile) {
        int n = profile.baseline().calls().size();
        return n == 0 ? "" : ", with the profile's baseline (" + n + (n == 1 ? " call" : " calls")
                + " allowed in every phase)";
    }

    /** The program the profile is of, as a reviewer would recognise it. */
    static String target(Profile profile) {
        Metadata m = profile.metadata();
        if (m.exe() != null) {
            return m.exe();
        }
        return m.command().isEmpty() ? "a hand-written policy" : m.command().get(0);
    }
}
