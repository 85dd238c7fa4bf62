package dev.syscage.imports;

import dev.syscage.policy.PolicyException;
import dev.syscage.policy.Profile;
import dev.syscage.policy.ProfileYaml;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedSet;

/**
 * Reads what users ship today as a profile, so that {@code diff} can compare it with what syscage learned: an
 * OCI/Docker seccomp JSON profile (or a Security Profiles Operator resource's spec, as JSON), a systemd unit or
 * drop-in's {@code SystemCallFilter=} lines, or a syscage profile. A shipped allowlist is enforced before the
 * program starts, so it becomes a profile whose init and main phases both hold it.
 */
public final class PolicyImport {
    private PolicyImport() {
    }

    /** The profile {@code file} holds, whatever of the three forms it is in. */
    public static Profile read(Path file) throws PolicyException {
        String text = ProfileYaml.readText(file);
        String start = text.stripLeading();
        if (start.startsWith("{")) return asProfile(file, SeccompJson.allowed(file, text));
        if (text.lines().anyMatch(l -> l.strip().startsWith("SystemCallFilter="))) {
            return asProfile(file, SystemdFilter.allowed(file, text));
        }
        return ProfileYaml.read(file);
    }

    private static Profile asProfile(Path file, Imported imported) throws PolicyException {
        String list = String.join(", ", imported.names());
        String warnings = imported.warnings().isEmpty() ? "[]" : "\n" + String.join("",
                imported.warnings().stream().map(w -> "  - '" + w.replace("'", "''") + "'\n").toList());
        String yaml = "schema: 1\narch: " + imported.arch() + "\nphases:\n  init: [" + list + "]\n  main: [" + list
                + "]\nmetadata:\n  source: 'import: " + file.toString().replace("'", "''") + "'\n  warnings: "
                + warnings + "\n";
        return ProfileYaml.parse(yaml, file.toString());
    }

    /** An imported allowlist: the ABI's libseccomp name, the calls, and what the import could not carry over. */
    record Imported(String arch, SortedSet<String> names, List<String> warnings) {
    }
}
