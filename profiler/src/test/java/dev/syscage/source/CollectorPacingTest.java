package dev.syscage.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syscage.nativeparts.NativeParts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the real audit socket: the collector leaves a short run's records in the kernel's buffer while the run goes on,
 * sees them arrive, and takes them all once the run is over, or after a second.
 */
@Tag("kernel")
class CollectorPacingTest {
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    /** Runs {@code stress 1000 1 0} under a filter that logs every call: over 1,000 records. */
    private void logThousandCalls() throws Exception {
        Path stress = Path.of(System.getProperty("syscage.samples", "../samples/build"), "stress").toAbsolutePath();
        Path empty = Files.writeString(dir.resolve("empty.policy"), "syscage-policy 1\narch x86_64\n");
        Process p = new ProcessBuilder(NativeParts.unpack().launcher().toString(), "--policy", empty.toString(),
                "--action", "log", "--no-preload", "--", stress.toString(), "1000", "1", "0")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertEquals(0, p.waitFor());
    }

    private static void awaitAtLeast(AtomicLong count, long n, long deadlineNanos) throws InterruptedException {
        while (count.get() < n && System.nanoTime() < deadlineNanos) Thread.sleep(5);
    }

    @Test
    void recordsWaitWhileTheRunGoesOnAndAreAllTakenWhenItEnds() throws Exception {
        AtomicLong delivered = new AtomicLong();
        try (NetlinkSource source = NetlinkSource.open(); Collector c = Collector.start(source, r -> delivered.incrementAndGet())) {
            long start = System.nanoTime();
            logThousandCalls();
            // the collector looks every 50 ms: it sees them arrive, and leaves them there
            while (c.lastArrivalNanos() < start && System.nanoTime() - start < 800 * MS) Thread.sleep(5);
            assertTrue(c.lastArrivalNanos() >= start, "the collector saw records arrive");
            assertTrue(System.nanoTime() - start < 900 * MS, "this check needs the run within 0.9 s of its start");
            assertEquals(0, delivered.get(), "none read while the run goes on");
            assertTrue(source.backlog() > 0, "they wait in the socket: " + source.backlog());
            c.hurry();
            awaitAtLeast(delivered, 1000, System.nanoTime() + 2_000 * MS);
            assertTrue(delivered.get() >= 1000, "all taken once the run is over: " + delivered.get());
        }
    }

    @Test
    void recordsWaitASecondAtMost() throws Exception {
        AtomicLong delivered = new AtomicLong();
        try (NetlinkSource source = NetlinkSource.open(); Collector c = Collector.start(source, r -> delivered.incrementAndGet())) {
            logThousandCalls();
            long ended = System.nanoTime();
            awaitAtLeast(delivered, 1000, ended + 3_000 * MS);
            assertTrue(delivered.get() >= 1000, "taken without the run's end: " + delivered.get());
        }
    }

    @Test
    void aCatchUpTakesWhatWaitsBeforeItReturns() throws Exception {
        AtomicLong delivered = new AtomicLong();
        try (NetlinkSource source = NetlinkSource.open(); Collector c = Collector.start(source, r -> delivered.incrementAndGet())) {
            long start = System.nanoTime();
            logThousandCalls();
            c.catchUp();
            assertTrue(delivered.get() >= 1000, "read: " + delivered.get());
            assertTrue(System.nanoTime() - start < 900 * MS, "before the second that records may wait was over");
            c.catchUp(); // nothing left: returns at once
        }
    }
}
