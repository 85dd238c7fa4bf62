package dev.syscage.run;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Processes of a run still alive after its target exited (daemons that double-forked away): found by
 * their audit session (/proc/PID/sessionid), which every descendant inherits. Their later calls are not
 * in the profile, which the profile then says.
 */
final class Lingering {
    private static final Path PROC = Path.of("/proc");

    private Lingering() {
    }

    static List<Long> pids(Set<Long> sessions) {
        List<Long> out = new ArrayList<>();
        if (sessions.isEmpty()) return out;
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(PROC, p -> p.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path p : procs) {
                try {
                    if (sessions.contains(Long.parseLong(Files.readString(p.resolve("sessionid")).trim()))) {
                        out.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException | NumberFormatException e) {
                    // gone meanwhile, or a kernel without audit
                }
            }
        } catch (IOException e) {
            return out;
        }
        out.sort(null);
        return out;
    }
}
