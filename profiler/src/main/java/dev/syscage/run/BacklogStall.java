package dev.syscage.run;

import dev.syscage.nativeparts.NativeContract;
import dev.syscage.nativeparts.NativeParts;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Wakes the run's threads that the kernel left asleep at its audit backlog limit. A thread whose record finds
 * the kernel's audit queue over the limit (64 records unless auditd's rules raised it) wakes the kernel's
 * audit thread and then waits on a queue the audit thread wakes once it has sent everything. When the audit
 * thread runs in between, on the same core, it empties the queue and wakes nobody, and the thread sleeps until
 * the next record anywhere, or for backlog_wait_time (60 s by default), which some profiles of a getppid loop
 * met when measured (benchmarks/findings.md). So while no record arrives, this looks at the run's
 * threads every 200 ms; one asleep in {@code audit_log_start} (its wchan) gets a record made beside it
 * ({@code syscage-exec --nudge}), which wakes it.
 */
final class BacklogStall implements AutoCloseable {
    private static final long CHECK_MILLIS = 200;
    private static final String WAITING = "audit_log_start";

    private final NativeParts parts;
    private final int token;
    private final Supplier<Set<Long>> sessions;
    private final LongSupplier lastRecordNanos;
    private final AtomicInteger nudges = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    private BacklogStall(NativeParts parts, int token, Supplier<Set<Long>> sessions, LongSupplier lastRecordNanos) {
        this.parts = parts;
        this.token = token;
        this.sessions = sessions;
        this.lastRecordNanos = lastRecordNanos;
        this.thread = new Thread(this::loop, "syscage-backlog-stall");
        this.thread.setDaemon(true);
    }

    /** Watches the processes of {@code sessions} while records stop coming ({@code lastRecordNanos}: the newest's arrival). */
    static BacklogStall watch(NativeParts parts, int token, Supplier<Set<Long>> sessions, LongSupplier lastRecordNanos) {
        BacklogStall w = new BacklogStall(parts, token, sessions, lastRecordNanos);
        w.thread.start();
        return w;
    }

    /** What a run says when it woke stalled threads {@code nudges} times. */
    static String warning(int nudges) {
        return "the kernel left threads of the program asleep at its audit backlog limit with nothing queued "
                + (nudges == 1 ? "once" : nudges + " times") + " (a kernel race: each would have waited up to "
                + "backlog_wait_time, 60 s by default); syscage woke them. A larger limit makes it rare: auditctl -b 8192";
    }

    /** How many times threads of the run were found stuck and woken. */
    int nudges() {
        return nudges.get();
    }

    private void loop() {
        try {
            while (running) {
                Thread.sleep(CHECK_MILLIS);
                boolean quiet = System.nanoTime() - lastRecordNanos.getAsLong() > CHECK_MILLIS * 1_000_000L;
                if (quiet && running && stuck(RunProcesses.PROC, RunProcesses.inSessions(sessions.get()))) nudge();
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /** Whether a thread of {@code pids} sleeps where the kernel waits out its audit backlog ({@code proc}: /proc). */
    static boolean stuck(Path proc, List<Long> pids) {
        for (long pid : pids) {
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve(Long.toString(pid)).resolve("task"))) {
                for (Path task : tasks) {
                    if (WAITING.equals(wchan(task))) return true;
                }
            } catch (IOException e) {
                // gone
            }
        }
        return false;
    }

    private static String wchan(Path task) {
        try {
            return Files.readString(task.resolve("wchan")).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private void nudge() throws InterruptedException {
        try {
            AuditedLaunch.runLauncher(NativeContract.nudgeCommand(parts, token), ProcessBuilder.Redirect.DISCARD);
            nudges.incrementAndGet();
        } catch (IOException e) {
            // the preflight ran this launcher; if it cannot run now, the kernel's own timeout still ends the wait
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join();
    }
}
