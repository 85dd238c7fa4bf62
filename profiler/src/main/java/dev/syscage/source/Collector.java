package dev.syscage.source;

import dev.syscage.record.AuditRecord;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * Reads a source on its own thread while the main thread waits for the target, at the pace {@link ReadPacing}
 * sets: records wait in the source's buffer while it has room, and are all taken once the run is over
 * ({@link #hurry()}). The sink runs on that thread only.
 */
public final class Collector implements AutoCloseable {
    private static final int POLL_MILLIS = 100;
    /** Once the run is over: {@link #close()} waits for the poll in progress, so polls are kept short. */
    private static final int CLOSING_POLL_MILLIS = 5;
    /**
     * Once a poll took all there was, the thread naps this long before it polls or looks again, so that a source
     * read at once (one {@link ReadPacing} cannot see into) gives the records of those 2 ms in one batch instead
     * of waking the thread for each. Not once the run is over: the drain waits for the last ones.
     */
    private static final long NAP_NANOS = 2_000_000;
    private static final long CATCH_UP_NANOS = 1_000_000_000L;

    private final RecordSource source;
    private final Consumer<AuditRecord> sink;
    private final ReadPacing pacing = new ReadPacing();
    private final Thread thread;
    private volatile long lastDeliveryNanos;
    /** {@link #catchUp()}s asked for, and the last one the thread has done (both only grow). */
    private volatile long catchUpsAsked;
    private volatile long catchUpsDone;
    private volatile boolean running = true;
    private volatile int pollMillis = POLL_MILLIS;
    private volatile Exception failure;
    private final CountDownLatch ready = new CountDownLatch(1);

    private Collector(RecordSource source, Consumer<AuditRecord> sink) {
        this.source = source;
        this.sink = r -> {
            lastDeliveryNanos = System.nanoTime();
            sink.accept(r);
        };
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
                boolean hurried = pollMillis != POLL_MILLIS;
                long wanted = catchUpsAsked;
                if (wanted != catchUpsDone && !(source.backlog() > 0)) {
                    caughtUp(wanted); // nothing waits (or the source is never left waiting)
                    continue;
                }
                if (!hurried && wanted == catchUpsDone && pacing.letWait(backlog, System.nanoTime())) {
                    LockSupport.parkNanos(ReadPacing.LOOK_NANOS);
                    continue;
                }
                boolean full = source.poll(sink, pollMillis);
                priority.polled(full, backlog);
                if (!full) {
                    pacing.caughtUp();
                    caughtUp(wanted);
                    if (!hurried) LockSupport.parkNanos(NAP_NANOS);
                }
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
        LockSupport.unpark(thread);
    }

    /**
     * Returns once the thread has taken what the source held when this was called (a second at most): for a
     * caller about to act on what the records say so far, e.g. the run's audit sessions, to find its processes.
     */
    public void catchUp() {
        if (Thread.currentThread() == thread) return;
        synchronized (this) {
            long ticket = ++catchUpsAsked;
            LockSupport.unpark(thread);
            long deadline = System.nanoTime() + CATCH_UP_NANOS;
            try {
                while (catchUpsDone < ticket && thread.isAlive()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) return;
                    wait(Math.max(1, left / 1_000_000L));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void caughtUp(long wanted) {
        if (wanted == catchUpsDone) return;
        synchronized (this) {
            catchUpsDone = wanted;
            notifyAll();
        }
    }

    /**
     * When records were last seen arriving (System.nanoTime(); 0: none yet): handed to the sink, or found waiting
     * in greater number than at the look before, while the collector let them wait.
     */
    public long lastArrivalNanos() {
        return Math.max(lastDeliveryNanos, pacing.lastGrowthNanos());
    }

    /** Why collection stopped early, or null. */
    public Exception failure() {
        return failure;
    }

    /** Stops reading; everything the sink did is visible to the caller afterwards. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        source.close();
    }
}
