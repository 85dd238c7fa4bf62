package dev.syscage.source;

import java.util.function.DoubleSupplier;

/**
 * When the collector reads while the target runs. Reading costs the target CPU (on two cores the target, the
 * kernel's audit thread, auditd and the reader share them, and a reader's first records run through cold code),
 * while records waiting in the source's buffer cost nothing. So the collector lets them wait, and looks at the
 * buffer every {@link #LOOK_NANOS}: it reads once a sixteenth of the buffer waits, or once records have waited
 * a second (the status line and the stall watch see them within that), and then until it has caught up. A
 * program of a fraction of a second is read after it exits. Letting records wait made the target faster under
 * profiling in every measurement (benchmarks/BENCHMARKS.md).
 * A source that cannot say how full its buffer is (the kernel log, which overwrites) is read at once.
 */
final class ReadPacing {
    static final long LOOK_NANOS = 50_000_000L;
    private static final double ENOUGH = 1.0 / 16;
    private static final long LONGEST_WAIT_NANOS = 1_000_000_000L;

    private boolean reading;
    private boolean pending;
    private long pendingSince;
    private double lastBacklog;
    private volatile long lastGrowthNanos;

    /**
     * Whether to leave the records where they are for now, given how full the source's buffer is ({@code backlog},
     * 0 to 1, NaN: unknown; asked only between reads) at {@code nowNanos}.
     */
    boolean letWait(DoubleSupplier backlog, long nowNanos) {
        if (reading) return false;
        double waiting = backlog.getAsDouble();
        if (Double.isNaN(waiting)) return false;
        if (waiting > lastBacklog) lastGrowthNanos = nowNanos;
        lastBacklog = waiting;
        if (waiting <= 0) {
            pending = false;
            return true;
        }
        if (!pending) {
            pending = true;
            pendingSince = nowNanos;
        }
        reading = waiting >= ENOUGH || nowNanos - pendingSince >= LONGEST_WAIT_NANOS;
        return !reading;
    }

    /** After a poll that took all there was: the reader has caught up and lets records wait again. */
    void caughtUp() {
        reading = false;
        pending = false;
        lastBacklog = 0;
    }

    /** When a look last found more waiting than the look before (0: never): records arrived unread. */
    long lastGrowthNanos() {
        return lastGrowthNanos;
    }
}
