package dev.syscage.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SerialLedgerTest {
    @Test
    void countsWhatWasNeverSeenInsideARange() {
        SerialLedger l = new SerialLedger();
        for (long s : new long[] {100, 101, 102, 105, 106, 110}) assertTrue(l.see(s));
        assertEquals(0, l.unseen(100, 102));
        assertEquals(2, l.unseen(100, 106)); // 103, 104
        assertEquals(5, l.unseen(100, 110)); // 103, 104, 107, 108, 109
        assertEquals(3, l.unseen(107, 109));
        assertEquals(5, l.unseen(95, 99), "before anything was seen");
        assertEquals(2, l.unseen(110, 112), "after the last seen");
        assertEquals(0, l.unseen(5, 4));
    }

    @Test
    void findsTheNextRecordSeen() {
        SerialLedger l = new SerialLedger();
        for (long s : new long[] {100, 101, 105, 110}) l.see(s);
        assertEquals(101, l.nextSeen(100));
        assertEquals(105, l.nextSeen(101));
        assertEquals(105, l.nextSeen(103));
        assertEquals(100, l.nextSeen(50));
        assertEquals(-1, l.nextSeen(110));
    }

    @Test
    void lateRecordsFillTheirGapAndDuplicatesAreNoticed() {
        SerialLedger l = new SerialLedger();
        l.see(10);
        l.see(14);
        assertTrue(l.see(12));
        assertEquals(2, l.unseen(10, 14));
        assertTrue(l.see(11));
        assertTrue(l.see(13));
        assertEquals(0, l.unseen(10, 14));
        assertEquals(0, l.gaps());
        assertFalse(l.see(12), "seen before");
        assertFalse(l.see(14), "seen before");
        assertTrue(l.see(7), "below the lowest is new");
        assertEquals(2, l.unseen(7, 14));
        assertFalse(l.see(-1));
    }

    @Test
    void anyArrivalOrderGivesTheSameAnswer() {
        List<Long> serials = new ArrayList<>();
        for (long s = 1000; s < 21000; s++) if (s % 7 != 0) serials.add(s);
        long missing = (21000 - 1000) - serials.size();
        Collections.shuffle(serials, new Random(42));
        SerialLedger l = new SerialLedger();
        serials.forEach(l::see);
        serials.forEach(s -> assertFalse(l.see(s)));
        long first = serials.stream().mapToLong(Long::longValue).min().orElseThrow();
        long last = serials.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertEquals(missing - (first - 1000) / 7 - (21000 - 1 - last) / 7, l.unseen(first, last));
        assertEquals(l.gaps(), l.unseen(first, last), "one gap per missing number");
    }

    @Test
    void memoryGrowsWithGapsNotRecords() {
        SerialLedger l = new SerialLedger();
        for (long s = 0; s < 2_000_000; s++) l.see(s);
        assertEquals(0, l.gaps());
        assertEquals(0, l.unseen(0, 1_999_999));
    }

    /** The kernel's serial is a u32: a run can start before it wraps to 0 and end after. */
    @Test
    void aRunAcrossTheWrapOfTheKernelsCounterCountsItsGaps() {
        long top = 0xFFFF_FFFFL;
        SerialLedger l = new SerialLedger();
        for (long s : new long[] {top - 3, top - 2, top, 0, 1, 4}) assertTrue(l.see(s));
        assertEquals(3, l.unseen(top - 3, 4), "top - 1, 2 and 3");
        assertEquals(1, l.unseen(top - 3, 0));
        assertEquals(2, l.unseen(1, 4));
        assertEquals(0, l.unseen(4, top - 3), "a range that ends before it starts is empty");
        assertEquals(top - 3, l.lowest());
        assertEquals(4, l.highest());
        assertEquals(0, l.nextSeen(top));
        assertEquals(top, l.nextSeen(top - 2));
        assertEquals(-1, l.nextSeen(4));
        assertFalse(l.see(top), "seen before the wrap");
        assertTrue(l.see(top - 1), "a late record from before the wrap fills its gap");
        assertEquals(2, l.unseen(top - 3, 4));
        assertTrue(l.see(top - 5), "late, below the lowest");
        assertEquals(top - 5, l.lowest());
        assertEquals(3, l.unseen(top - 5, 4));
        assertEquals(2, l.unseen(top, 0x1_0000_0003L), "a serial + 1 past the top is 0");
    }

    @Test
    void theFirstRecordSeenMayComeAfterTheWrapAndLateOnesBeforeIt() {
        SerialLedger l = new SerialLedger();
        l.see(2);
        l.see(0xFFFF_FFFEL);
        assertEquals(3, l.unseen(0xFFFF_FFFEL, 2), "0xFFFFFFFF, 0, 1");
        assertEquals(0xFFFF_FFFEL, l.lowest());
        assertEquals(2, l.highest());
    }

    @Test
    void laterAndBeforeFollowTheCounterAcrossTheWrap() {
        assertTrue(SerialLedger.before(0xFFFF_FFF0L, 3));
        assertFalse(SerialLedger.before(3, 0xFFFF_FFF0L));
        assertFalse(SerialLedger.before(7, 7));
        assertEquals(3, SerialLedger.later(0xFFFF_FFF0L, 3));
        assertEquals(9, SerialLedger.later(9, 5));
        assertEquals(5, SerialLedger.later(-1, 5));
    }
}
