package dev.syscage.cli;

import dev.syscage.phase.PhaseCounts;
import dev.syscage.policy.Phase;
import dev.syscage.source.LibC;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The live line {@code profile} shows on a terminal: elapsed time, records, distinct syscalls per phase.
 * It is drawn only when stderr is a terminal, and erased before the summary.
 */
final class StatusLine implements AutoCloseable {
    private static final String ERASE = "\r\033[K";
    private final ScheduledExecutorService timer;
    private final long start = System.nanoTime();

    private StatusLine(PhaseCounts counts) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "syscage-status");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> draw(counts), 500, 250, TimeUnit.MILLISECONDS);
    }

    /** A status line on stderr when it is a terminal, else nothing. */
    static AutoCloseable open(PhaseCounts counts) {
        return LibC.isatty(2) == 1 ? new StatusLine(counts) : () -> { };
    }

    private void draw(PhaseCounts counts) {
        double seconds = (System.nanoTime() - start) / 1e9;
        System.err.printf("%s[syscage] %.1fs  records %d  init %d  main %d", ERASE, seconds, counts.records(),
                counts.distinct(Phase.INIT), counts.distinct(Phase.MAIN));
        System.err.flush();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        System.err.print(ERASE);
        System.err.flush();
    }
}
