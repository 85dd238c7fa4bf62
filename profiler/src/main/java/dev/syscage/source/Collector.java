package dev.syscage.source;

import dev.syscage.record.AuditRecord;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * Reads a source on its own thread, so records are taken off the kernel's socket while the main thread
 * waits for the target. The sink runs on that thread only.
 */
public final class Collector implements AutoCloseable {
    private static final int POLL_MILLIS = 100;
    /** Once the run is over: {@link #close()} waits for the poll in progress, so polls are kept short. */
    private static final int CLOSING_POLL_MILLIS = 5;
    /**
     * Once a poll took all there was, the thread naps this long before the next: it then takes the records
     * that arrived meanwhile in one batch instead of being woken for each (a getppid loop makes 300,000 a
     * second; the socket holds about 600,000). Not once the run is over: the drain waits for the last ones.
     */
    private static final long NAP_NANOS = 2_000_000;

    private final RecordSource source;
    private final Consumer<AuditRecord> sink;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int pollMillis = POLL_MILLIS;
    private volatile Exception failure;
    private final CountDownLatch ready = new CountDownLatch(1);

    private Collector(RecordSource source, Consumer<AuditRecord> sink) {
        this.source = source;
        this.sink = sink;
        this.thread = new Thread(this::loop, "syscage-collector");
        this.thread.setDaemon(true);
    }

    /**
     * Starts reading and returns once the thread reads: its own start-up (the thread, its priority, the first
     * native calls) is then over before the caller starts the target beside it.
     */
    public static Collector start(RecordSource source, Consumer<AuditRecord> sink) throws InterruptedException {
        Collector c = new Collector(source, sink);
        c.thread.start();
        c.ready.await();
        return c;
    }

    private void loop() {
        try {
            ReaderPriority priority;
            try {
                priority = ReaderPriority.ofCurrentThread(!Double.isNaN(source.backlog()));
                source.poll(sink, 1);
            } finally {
                ready.countDown();
            }
            DoubleSupplier backlog = source::backlog;
            while (running) {
                boolean full = source.poll(sink, pollMillis);
                priority.polled(full, backlog);
                if (!full && pollMillis == POLL_MILLIS) LockSupport.parkNanos(NAP_NANOS);
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
    }

    /**
     * The run is over and only its last records are awaited: polls from the next one on wait a few ms at most,
     * so that {@link #close()} does not wait out a long one (up to 100 ms of every profile). The poll in progress
     * ends with the next record, e.g. the END marker that the drain makes right after this.
     */
    public void hurry() {
        pollMillis = CLOSING_POLL_MILLIS;
    }

    public RecordSource source() {
        return source;
    }

    /** Why collection stopped early, or null. */
    public Exception failure() {
        return failure;
    }

    /** Stops reading; everything the sink did is visible to the caller afterwards. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        source.close();
    }
}
