package dev.syscage.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syscage.policy.PolicyException;
import dev.syscage.syscalls.Arch;
import dev.syscage.syscalls.SyscallTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The allowlist of an OCI runtime or Docker seccomp profile (or a Security Profiles Operator resource's spec):
 * the names of the entries whose action lets the call through. What an allowlist of names cannot carry (an
 * entry that allows some arguments only, entries that depend on capabilities or the kernel, other ABIs, names
 * libseccomp does not know) is said in the profile's warnings, never silently.
 */
final class SeccompJson {
    private static final List<String> LETS_THROUGH = List.of("SCMP_ACT_ALLOW", "SCMP_ACT_LOG");

    private SeccompJson() {
    }

    static PolicyImport.Imported allowed(java.nio.file.Path file, String text) throws PolicyException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new PolicyException(file.toString(), e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "not valid JSON (" + e.getOriginalMessage() + "); give an OCI or Docker seccomp profile");
        }
        JsonNode spec = root.has("spec") ? root.get("spec") : root;
        String defaultAction = spec.path("defaultAction").asText("");
        if (defaultAction.isEmpty()) {
            throw new PolicyException(file.toString(), 0, "no defaultAction; give an OCI or Docker seccomp profile");
        }
        if (LETS_THROUGH.contains(defaultAction)) {
            throw new PolicyException(file.toString(), 0, "defaultAction " + defaultAction + " lets every call "
                    + "through: a denylist is no allowlist to compare; diff allowlists only");
        }
        Arch arch = Arch.machine();
        List<String> warnings = new ArrayList<>();
        List<String> abis = architectures(spec);
        String nativeName = "SCMP_ARCH_" + arch.seccompName().toUpperCase(Locale.ROOT);
        if (!abis.isEmpty() && !abis.contains(nativeName)) {
            throw new PolicyException(file.toString(), 0, "the profile is for " + abis + ", not " + nativeName
                    + "; compare it on a machine of its architecture");
        }
        if (abis.size() > 1) {
            warnings.add("calls of other ABIs (" + String.join(", ", abis.subList(1, abis.size()))
                    + ") are compared as native ones");
        }
        SyscallTable table = SyscallTable.get();
        SortedSet<String> names = new TreeSet<>();
        SortedSet<String> conditional = new TreeSet<>();
        SortedSet<String> unknown = new TreeSet<>();
        for (JsonNode entry : spec.path("syscalls")) {
            if (!LETS_THROUGH.contains(entry.path("action").asText())) continue;
            List<String> entryNames = new ArrayList<>();
            entry.path("names").forEach(n -> entryNames.add(n.asText()));
            if (entry.has("name")) entryNames.add(entry.get("name").asText());
            boolean narrowed = entry.path("args").size() > 0 || entry.path("includes").size() > 0
                    || entry.path("excludes").size() > 0;
            for (String name : entryNames) {
                if (!table.knows(arch, name)) {
                    unknown.add(name);
                } else {
                    names.add(name);
                    if (narrowed) conditional.add(name);
                }
            }
        }
        if (!conditional.isEmpty()) {
            warnings.add("allowed only for some arguments, capabilities or kernels, compared as always allowed: "
                    + String.join(" ", conditional));
        }
        if (!unknown.isEmpty()) {
            warnings.add("names libseccomp does not know here, left out: " + String.join(" ", unknown));
        }
        return new PolicyImport.Imported(arch.seccompName(), names, warnings);
    }

    /** The ABIs the profile names, native first: architectures, or Docker's archMap. */
    private static List<String> architectures(JsonNode spec) {
        List<String> out = new ArrayList<>();
        spec.path("architectures").forEach(a -> out.add(a.asText()));
        for (JsonNode m : spec.path("archMap")) {
            out.add(m.path("architecture").asText());
            m.path("subArchitectures").forEach(a -> out.add(a.asText()));
        }
        return out;
    }
}
