package dev.syscage.loss;

import java.util.Arrays;

/**
 * Which kernel audit serial numbers a source has shown. The kernel numbers every audit record of every
 * type from one counter, so a number inside a run that the source never showed is a record the source
 * lost (on sources that show every type). Kept as the lowest and highest number seen plus the sorted,
 * disjoint ranges of unseen numbers between them: memory grows with the number of gaps, not of records,
 * and records that arrive slightly out of order fill their gap again.
 *
 * <p>The kernel's counter is a u32 that wraps from 0xFFFFFFFF to 0, and a run may span the wrap. Inside,
 * serials are kept unwrapped: each number is read as the one congruent to it (mod 2^32) nearest to the
 * highest seen so far, so a window of serials stays contiguous across the wrap. Callers pass and get the
 * kernel's numbers; a range {@code from..to} is the serials from {@code from} counting up (wrapping) to
 * {@code to}, and empty when {@code to} lies less than 2^31 before {@code from}.
 */
public final class SerialLedger {
    /** Serial numbers of the kernel: 32 bits. */
    static final long SPAN = 1L << 32;
    private static final long MASK = SPAN - 1;
    private static final long HALF = SPAN / 2;

    /** Unwrapped; the first serial seen is placed one span up, so that late ones from before a wrap stay >= 0. */
    private long lowest = -1;
    /** Unwrapped; volatile so that another thread can note where a run starts while the collector thread reads. */
    private volatile long highest = -1;
    private long[] gapFrom = new long[16];
    private long[] gapTo = new long[16];
    private int gaps;

    /** Notes {@code serial} as seen; returns false when it had been seen before (a duplicate line). */
    public boolean see(long serial) {
        if (serial < 0) return false;
        if (highest < 0) {
            lowest = highest = (serial & MASK) + SPAN;
            return true;
        }
        long s = unwrap(serial);
        if (s > highest) {
            if (s > highest + 1) insert(gaps, highest + 1, s - 1);
            highest = s;
            return true;
        }
        if (s < lowest) {
            if (s < lowest - 1) insert(0, s + 1, lowest - 1);
            lowest = s;
            return true;
        }
        int g = gapContaining(s);
        if (g < 0) return false;
        fill(g, s);
        return true;
    }

    /** The lowest serial seen, or -1. */
    public long lowest() {
        return lowest < 0 ? -1 : lowest & MASK;
    }

    /** The highest serial seen, or -1; may be read from any thread. */
    public long highest() {
        long h = highest;
        return h < 0 ? -1 : h & MASK;
    }

    /** How many of the serials {@code from} to {@code to} (inclusive, across a wrap) were never seen. */
    public long unseen(long from, long to) {
        long length = length(from, to);
        if (length == 0 || highest < 0) return length;
        long f = unwrap(from);
        long t = f + length - 1;
        long n = 0;
        if (f < lowest) n += Math.min(t, lowest - 1) - f + 1;
        if (t > highest) n += t - Math.max(f, highest + 1) + 1;
        for (int g = 0; g < gaps; g++) {
            long a = Math.max(f, gapFrom[g]);
            long b = Math.min(t, gapTo[g]);
            if (a <= b) n += b - a + 1;
        }
        return n;
    }

    /** The lowest serial seen after {@code serial}, or -1 when none was. */
    public long nextSeen(long serial) {
        if (highest < 0) return -1;
        long s = unwrap(serial);
        if (s >= highest) return -1;
        if (s < lowest) return lowest & MASK;
        int g = gapContaining(s + 1);
        return (g < 0 ? s + 1 : gapTo[g] + 1) & MASK;
    }

    /**
     * Where the highest serial seen stands on the unwrapped line that {@link #position(long)} and
     * {@link #length(long, long)} use (-1: none yet): for placing events between serials.
     */
    long position() {
        return highest;
    }

    /** {@code serial} on the unwrapped line (the number congruent to it nearest to the highest seen). */
    long position(long serial) {
        return highest < 0 ? (serial & MASK) + SPAN : unwrap(serial);
    }

    /** How many serials {@code from} to {@code to} holds, inclusive, counting up across a wrap (0: empty). */
    static long length(long from, long to) {
        long distance = (to - from) & MASK;
        return distance >= HALF ? 0 : distance + 1;
    }

    /** Whether serial {@code a} was made before {@code b} (within 2^31 of each other, across a wrap). */
    public static boolean before(long a, long b) {
        long distance = (b - a) & MASK;
        return distance != 0 && distance < HALF;
    }

    /** The later of two serials, either of which may be -1 (none). */
    public static long later(long a, long b) {
        if (a < 0) return b;
        if (b < 0) return a;
        return before(a, b) ? b : a;
    }

    /** Unseen ranges kept, for tests of the memory bound. */
    int gaps() {
        return gaps;
    }

    private long unwrap(long serial) {
        long h = highest;
        long s = (h & ~MASK) | (serial & MASK);
        if (s - h > HALF && s >= SPAN) s -= SPAN;
        else if (h - s > HALF) s += SPAN;
        return s;
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
