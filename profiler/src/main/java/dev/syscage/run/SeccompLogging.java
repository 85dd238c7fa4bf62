package dev.syscage.run;

import dev.syscage.source.AuditAccessException;
import dev.syscage.source.AuditRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Whether the kernel writes the audit records syscage learns from: the {@code log} action must exist
 * (actions_avail, Linux ≥ 4.14) and be logged (actions_logged, a sysctl an administrator can change), and no
 * rule of the audit exclude list may drop SECCOMP records. Without them a profile would come out empty or
 * short, with no serial gap to tell, so profiling refuses to start.
 */
public final class SeccompLogging {
    static final Path DIR = Path.of("/proc/sys/kernel/seccomp");
    static final Path LOGGED = DIR.resolve("actions_logged");

    private SeccompLogging() {
    }

    /** What stops profiling here, with its fix; empty when nothing does. */
    public static Optional<String> problem() {
        Optional<String> sysctl = actionsProblem();
        return sysctl.isPresent() ? sysctl : excluded();
    }

    /** What in the seccomp sysctls stops profiling here, with its fix. */
    public static Optional<String> actionsProblem() {
        return problem(DIR);
    }

    static Optional<String> problem(Path dir) {
        List<String> avail = words(dir.resolve("actions_avail"));
        List<String> logged = words(dir.resolve("actions_logged"));
        if (avail == null || logged == null) {
            return Optional.of("this kernel has no " + dir + "/actions_avail or actions_logged: seccomp's log action needs "
                    + "Linux 4.14 or later with CONFIG_SECCOMP_FILTER; upgrade the kernel");
        }
        if (!avail.contains("log")) {
            return Optional.of("this kernel has no seccomp 'log' action (actions_avail: " + String.join(" ", avail)
                    + "); profiling needs Linux 4.14 or later");
        }
        if (!logged.contains("log")) {
            List<String> fixed = new ArrayList<>(logged);
            fixed.add("log");
            return Optional.of("the kernel does not write audit records for seccomp's 'log' action (actions_logged: "
                    + (logged.isEmpty() ? "empty" : String.join(" ", logged)) + "), so nothing can be learned; fix: "
                    + "sysctl -w kernel.seccomp.actions_logged=\"" + String.join(" ", fixed) + "\"");
        }
        return Optional.empty();
    }

    /**
     * The audit exclude rules that drop SECCOMP records, as a problem; empty when there are none or they cannot be
     * listed (without CAP_AUDIT_CONTROL: the profile then says its loss could not be verified).
     */
    static Optional<String> excluded() {
        try {
            return excluded(AuditRules.droppingSeccomp());
        } catch (AuditAccessException e) {
            return Optional.empty();
        }
    }

    public static Optional<String> excluded(List<AuditRules.Rule> rules) {
        if (rules.isEmpty()) return Optional.empty();
        return Optional.of("the kernel's audit exclude list drops seccomp records before anything can read them ("
                + rules.stream().map(AuditRules.Rule::text).collect(Collectors.joining("; ")) + "), so calls would go "
                + "missing without a trace; remove it: " + rules.stream().map(AuditRules.Rule::removal)
                .collect(Collectors.joining("; ")));
    }

    /** Whether refusals by {@code kill_process} are logged (so {@code run} can name them). */
    public static boolean refusalsLogged() {
        List<String> logged = words(LOGGED);
        return logged != null && logged.contains("kill_process");
    }

    /** actions_logged as the kernel shows it now, or null when it cannot be read. */
    static String logged() {
        List<String> logged = words(LOGGED);
        return logged == null ? null : String.join(" ", logged);
    }

    private static List<String> words(Path file) {
        try {
            String text = Files.readString(file).trim();
            return text.isEmpty() ? List.of() : List.of(text.split("\\s+"));
        } catch (IOException e) {
            return null;
        }
    }
}
