package dev.syscage.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether the kernel writes the audit records syscage learns from: the {@code log} action must exist
 * (actions_avail, Linux ≥ 4.14) and be logged (actions_logged, a sysctl an administrator can change).
 * Without them a profile would come out empty, so profiling refuses to start.
 */
public final class SeccompLogging {
    private static final Path DIR = Path.of("/proc/sys/kernel/seccomp");

    private SeccompLogging() {
    }

    /** What stops profiling here, with its fix; empty when nothing does. */
    public static Optional<String> problem() {
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

    /** Whether refusals by {@code kill_process} are logged (so {@code run} can name them). */
    public static boolean refusalsLogged() {
        List<String> logged = words(DIR.resolve("actions_logged"));
        return logged != null && logged.contains("kill_process");
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
