package dev.syscage.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** When the collector reads: records wait while the buffer has room, for a second at most. */
class ReadPacingTest {
    private static final long MS = 1_000_000L;

    @Test
    void anEmptyBufferIsLeftAlone() {
        ReadPacing p = new ReadPacing();
        for (long t = 0; t < 10_000; t += 50) assertTrue(p.letWait(() -> 0, t * MS));
        assertEquals(0, p.lastGrowthNanos());
    }

    @Test
    void aFewRecordsWaitASecondAtMost() {
        ReadPacing p = new ReadPacing();
        assertTrue(p.letWait(() -> 0.001, 5_000 * MS), "they just arrived");
        assertTrue(p.letWait(() -> 0.002, 5_950 * MS));
        assertFalse(p.letWait(() -> 0.002, 6_000 * MS), "a second after they were first seen");
        assertFalse(p.letWait(() -> 0.002, 6_050 * MS), "until the reader has caught up");
        p.caughtUp();
        assertTrue(p.letWait(() -> 0.001, 6_100 * MS), "the next ones wait afresh");
        assertTrue(p.letWait(() -> 0, 7_050 * MS), "gone (another reader's drain): nothing waits");
        assertTrue(p.letWait(() -> 0.001, 7_100 * MS), "and the second starts again");
        assertFalse(p.letWait(() -> 0.001, 8_100 * MS));
    }

    @Test
    void aSixteenthOfTheBufferIsReadAtOnce() {
        ReadPacing p = new ReadPacing();
        assertTrue(p.letWait(() -> 0.06, 0));
        assertFalse(p.letWait(() -> 1.0 / 16, 50 * MS));
    }

    @Test
    void whileReadingTheBufferIsNotAskedUntilTheReaderCaughtUp() {
        ReadPacing p = new ReadPacing();
        AtomicInteger asked = new AtomicInteger();
        DoubleSupplier half = () -> {
            asked.incrementAndGet();
            return 0.5;
        };
        assertFalse(p.letWait(half, 0));
        for (int i = 1; i <= 100; i++) assertFalse(p.letWait(half, i * MS));
        assertEquals(1, asked.get(), "one look started the reading; polls carry it on");
        p.caughtUp();
        assertFalse(p.letWait(half, 200 * MS));
        assertEquals(2, asked.get());
    }

    @Test
    void aSourceThatCannotTellIsReadAtOnce() {
        ReadPacing p = new ReadPacing();
        for (int i = 0; i < 5; i++) assertFalse(p.letWait(() -> Double.NaN, i * MS));
    }

    @Test
    void growthIsWhenMoreWaitsThanAtTheLookBefore() {
        ReadPacing p = new ReadPacing();
        p.letWait(() -> 0.001, 100 * MS);
        assertEquals(100 * MS, p.lastGrowthNanos());
        p.letWait(() -> 0.001, 150 * MS);
        assertEquals(100 * MS, p.lastGrowthNanos(), "the same records still waiting are not new ones");
        p.letWait(() -> 0.003, 200 * MS);
        assertEquals(200 * MS, p.lastGrowthNanos());
        p.letWait(() -> 0.07, 250 * MS);
        p.caughtUp();
        p.letWait(() -> 0.0001, 300 * MS);
        assertEquals(300 * MS, p.lastGrowthNanos(), "after a read, anything waiting arrived since");
    }
}
