package dev.syscage.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether a confined process really carries the filters syscage put in place, read from
 * /proc/PID/status ({@code Seccomp: 2} is filter mode, {@code Seccomp_filters} counts them), against
 * the count syscage itself runs under (a container's own filter is inherited by everyone).
 */
final class FilterCheck {
    /** How long the target has to reach the expected filters: its loader and constructors run first. */
    private static final long WINDOW_MILLIS = 5_000;
    private static final long POLL_MILLIS = 2;

    /** What /proc showed last: seccomp mode and filter count (-1 each when unreadable or a zombie). */
    record Status(int mode, int filters) {
        static Status of(Path proc) {
            int mode = -1, filters = -1;
            try {
                for (String line : Files.readAllLines(proc.resolve("status"))) {
                    // an exited process has dropped its filters
                    if (line.startsWith("State:") && line.contains("Z")) return new Status(-1, -1);
                    if (line.startsWith("Seccomp:")) mode = Integer.parseInt(line.substring(8).trim());
                    if (line.startsWith("Seccomp_filters:")) filters = Integer.parseInt(line.substring(16).trim());
                }
            } catch (IOException | RuntimeException e) {
                return new Status(-1, -1);
            }
            return new Status(mode, filters);
        }
    }

    private FilterCheck() {
    }

    /** The filters every process syscage starts inherits from syscage itself. */
    static int inherited() {
        return Math.max(0, Status.of(Path.of("/proc/self")).filters());
    }

    /**
     * Waits until {@code target} carries {@code expected} filters, for a few seconds at most. Empty when it
     * did; else what it showed last, with mode -1 when it exited first (then /proc cannot tell).
     */
    static Optional<Status> await(ProcessHandle target, int expected) throws InterruptedException {
        Path proc = Path.of("/proc", Long.toString(target.pid()));
        long end = System.nanoTime() + WINDOW_MILLIS * 1_000_000L;
        Status last = new Status(-1, -1);
        while (System.nanoTime() < end) {
            Status now = Status.of(proc);
            if (now.mode() < 0 || !target.isAlive()) return Optional.of(new Status(-1, -1));
            if (now.filters() >= expected) return Optional.empty();
            last = now;
            Thread.sleep(POLL_MILLIS);
        }
        return Optional.of(target.isAlive() ? last : new Status(-1, -1));
    }
}
