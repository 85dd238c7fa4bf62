package dev.syscage.imports;

import dev.syscage.policy.PolicyException;
import dev.syscage.syscalls.Arch;
import dev.syscage.syscalls.SyscallTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The allowlist of a systemd unit or drop-in: its {@code SystemCallFilter=} lines as systemd.exec(5) reads them
 * (each adds to the list, an empty one resets it), with {@code @group}s expanded by the machine's own
 * {@code systemd-analyze syscall-filter}, which knows them as the systemd that enforces them does.
 */
final class SystemdFilter {
    private static final String KEY = "SystemCallFilter=";

    private SystemdFilter() {
    }

    static PolicyImport.Imported allowed(Path file, String text) throws PolicyException {
        List<String> words = new ArrayList<>();
        int lineNumber = 0;
        for (String line : text.lines().toList()) {
            lineNumber++;
            String l = line.strip();
            if (!l.startsWith(KEY)) continue;
            String value = l.substring(KEY.length()).strip();
            if (value.isEmpty()) {
                words.clear();
                continue;
            }
            if (value.startsWith("~")) {
                throw new PolicyException(file.toString(), lineNumber, "SystemCallFilter=~ is a denylist, no "
                        + "allowlist to compare; diff allowlists only");
            }
            words.addAll(List.of(value.split("\\s+")));
        }
        Arch arch = Arch.machine();
        SyscallTable table = SyscallTable.get();
        SortedSet<String> names = new TreeSet<>();
        SortedSet<String> unknown = new TreeSet<>();
        List<String> warnings = new ArrayList<>();
        for (String word : expand(file, words, new HashSet<>())) {
            if (word.contains(":")) {
                warnings.add(word + " makes the call fail with an errno: not counted as allowed");
            } else if (table.knows(arch, word)) {
                names.add(word);
            } else {
                unknown.add(word);
            }
        }
        if (!unknown.isEmpty()) {
            warnings.add("names libseccomp does not know here, left out: " + String.join(" ", unknown));
        }
        return new PolicyImport.Imported(arch.seccompName(), names, warnings);
    }

    /** The names, groups replaced by their members (groups hold groups). */
    private static List<String> expand(Path file, List<String> words, Set<String> seen) throws PolicyException {
        List<String> out = new ArrayList<>();
        for (String word : words) {
            if (!word.startsWith("@")) {
                out.add(word);
            } else if (seen.add(word)) {
                out.addAll(expand(file, members(file, word), seen));
            }
        }
        return out;
    }

    private static List<String> members(Path file, String group) throws PolicyException {
        String output;
        int status;
        try {
            Process p = new ProcessBuilder("systemd-analyze", "syscall-filter", "--no-pager", group)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            status = p.waitFor();
        } catch (IOException e) {
            throw new PolicyException(file.toString(), 0, "cannot expand " + group + ": systemd-analyze does not run ("
                    + e.getMessage() + "); install systemd, or list the calls by name");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PolicyException(file.toString(), 0, "interrupted while expanding " + group);
        }
        if (status != 0) {
            throw new PolicyException(file.toString(), 0, "systemd-analyze does not know the group " + group
                    + "; check its spelling (systemd-analyze syscall-filter lists them)");
        }
        // the group's own name heads the list; '#' lines are comments
        return output.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.equals(group))
                .toList();
    }
}
