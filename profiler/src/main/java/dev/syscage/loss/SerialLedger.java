package dev.syscage.loss;

import java.util.Arrays;

/**
 * Which kernel audit serial numbers a source has shown. The kernel numbers every audit record of every
 * type from one counter, so a number inside a run that the source never showed is a record the source
 * lost (on sources that show every type). Kept as the lowest and highest number seen plus the sorted,
 * disjoint ranges of unseen numbers between them: memory grows with the number of gaps, not of records,
 * and records that arrive slightly out of order fill their gap again.
 */
public final class SerialLedger {
    private long lowest = -1;
    /** Volatile so that another thread can note where a run starts while the collector thread reads. */
    private volatile long highest = -1;
    private long[] gapFrom = new long[16];
    private long[] gapTo = new long[16];
    private int gaps;

    /** Notes {@code serial} as seen; returns false when it had been seen before (a duplicate line). */
    public boolean see(long serial) {
        if (serial < 0) return false;
        if (highest < 0) {
            lowest = highest = serial;
            return true;
        }
        if (serial > highest) {
            if (serial > highest + 1) insert(gaps, highest + 1, serial - 1);
            highest = serial;
            return true;
        }
        if (serial < lowest) {
            if (serial < lowest - 1) insert(0, serial + 1, lowest - 1);
            lowest = serial;
            return true;
        }
        int g = gapContaining(serial);
        if (g < 0) return false;
        fill(g, serial);
        return true;
    }

    /** The lowest serial seen, or -1. */
    public long lowest() {
        return lowest;
    }

    /** The highest serial seen, or -1; may be read from any thread. */
    public long highest() {
        return highest;
    }

    /** How many of the serials {@code from} to {@code to} (inclusive) were never seen. */
    public long unseen(long from, long to) {
        if (to < from) return 0;
        if (highest < 0) return to - from + 1;
        long n = 0;
        if (from < lowest) n += Math.min(to, lowest - 1) - from + 1;
        if (to > highest) n += to - Math.max(from, highest + 1) + 1;
        for (int g = 0; g < gaps; g++) {
            long a = Math.max(from, gapFrom[g]);
            long b = Math.min(to, gapTo[g]);
            if (a <= b) n += b - a + 1;
        }
        return n;
    }

    /** The lowest serial seen above {@code serial}, or -1 when none was. */
    public long nextSeen(long serial) {
        if (serial >= highest) return -1;
        if (serial < lowest) return lowest;
        int g = gapContaining(serial + 1);
        return g < 0 ? serial + 1 : gapTo[g] + 1;
    }

    /** Unseen ranges kept, for tests of the memory bound. */
    int gaps() {
        return gaps;
    }

    private int gapContaining(long serial) {
        int lo = 0;
        int hi = gaps - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (gapTo[mid] < serial) lo = mid + 1;
            else if (gapFrom[mid] > serial) hi = mid - 1;
            else return mid;
        }
        return -1;
    }

    private void fill(int g, long serial) {
        long from = gapFrom[g];
        long to = gapTo[g];
        if (from == to) {
            remove(g);
        } else if (serial == from) {
            gapFrom[g]++;
        } else if (serial == to) {
            gapTo[g]--;
        } else {
            gapTo[g] = serial - 1;
            insert(g + 1, serial + 1, to);
        }
    }

    private void insert(int at, long from, long to) {
        if (gaps == gapFrom.length) {
            gapFrom = Arrays.copyOf(gapFrom, gaps * 2);
            gapTo = Arrays.copyOf(gapTo, gaps * 2);
        }
        System.arraycopy(gapFrom, at, gapFrom, at + 1, gaps - at);
        System.arraycopy(gapTo, at, gapTo, at + 1, gaps - at);
        gapFrom[at] = from;
        gapTo[at] = to;
        gaps++;
    }

    private void remove(int at) {
        System.arraycopy(gapFrom, at + 1, gapFrom, at, gaps - at - 1);
        System.arraycopy(gapTo, at + 1, gapTo, at, gaps - at - 1);
        gaps--;
    }
}
