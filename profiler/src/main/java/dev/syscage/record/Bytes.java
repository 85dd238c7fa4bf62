package dev.syscage.record;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Searching and number parsing on byte ranges: what the record parsers need, without decoding to Strings. */
final class Bytes {
    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long NEWLINES = ONES * '\n';
    private Bytes() {
    }

    static int indexOf(byte[] b, int from, int to, byte needle) {
        for (int i = Math.max(0, from); i < to; i++) {
            if (b[i] == needle) return i;
        }
        return -1;
    }

    /** The first index in {@code b[from, to)} of any of the three bytes, or -1. */
    static int indexOfAny(byte[] b, int from, int to, byte x, byte y, byte z) {
        for (int i = Math.max(0, from); i < to; i++) {
            byte c = b[i];
            if (c == x || c == y || c == z) return i;
        }
        return -1;
    }

    /**
     * The first line break in {@code b[from, to)}, or -1. Eight bytes at a time (a word's zero bytes are found
     * with integer arithmetic): lines are long, and a byte-at-a-time loop took a sixth of reading a log
     * before the optimizing compiler got to it.
     */
    static int lineBreak(byte[] b, int from, int to) {
        int i = Math.max(0, from);
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long x = (long) WORD.get(b, i) ^ NEWLINES;
            long zero = (x - ONES) & ~x & HIGHS;
            // little-endian: the lowest marked byte is the first zero; a false mark can only follow a true one
            if (zero != 0) return i + (Long.numberOfTrailingZeros(zero) >>> 3);
        }
        return indexOf(b, i, to, (byte) '\n');
    }

    static int indexOf(byte[] b, int from, int to, byte[] needle) {
        int last = to - needle.length;
        byte first = needle[0];
        for (int i = Math.max(0, from); i <= last; i++) {
            if (b[i] == first && equals(b, i, needle)) return i;
        }
        return -1;
    }

    /** True when {@code b} holds {@code needle} at {@code at}; the caller checked that it fits. */
    static boolean equals(byte[] b, int at, byte[] needle) {
        for (int j = 0; j < needle.length; j++) {
            if (b[at + j] != needle[j]) return false;
        }
        return true;
    }

    /**
     * True when {@code a[0, length)} equals {@code b[from, from + length)}. Compared from the end, eight bytes
     * at a time: two records of one program differ near their end (syscall=, ip=) far more often than near
     * their start (pid=, comm=, exe=), so a mismatch is found after a word or a few.
     */
    static boolean sameFromTheEnd(byte[] a, byte[] b, int from, int length) {
        int k = length - Long.BYTES;
        for (; k >= 0; k -= Long.BYTES) {
            if ((long) WORD.get(a, k) != (long) WORD.get(b, from + k)) return false;
        }
        for (k += Long.BYTES - 1; k >= 0; k--) {
            if (a[k] != b[from + k]) return false;
        }
        return true;
    }

    static boolean startsWith(byte[] b, int at, int to, byte[] needle) {
        return to - at >= needle.length && equals(b, at, needle);
    }

    /** A non-negative decimal number, or -1 when the bytes are not one (or too long). */
    static long decimal(byte[] b, int from, int to) {
        if (from >= to || to - from > 18) return -1;
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) return -1;
            v = v * 10 + d;
        }
        return v;
    }

    /** A non-negative number in the given radix (10 or 16), or -1 when the bytes are not one (or too long). */
    static long number(byte[] b, int from, int to, int radix) {
        if (radix == 10) return decimal(b, from, to);
        if (from >= to || to - from > 18) return -1;
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = digit(b[i], radix);
            if (d < 0) return -1;
            v = v * radix + d;
        }
        return v;
    }

    /** One ASCII digit; Character.digit handles all of Unicode and costs more than the parse around it. */
    private static int digit(byte c, int radix) {
        if (c >= '0' && c <= '9') return c - '0';
        if (radix == 16) {
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        }
        return -1;
    }

    /** The end of the run of decimal digits starting at {@code from}. */
    static int digitsEnd(byte[] b, int from, int to) {
        int i = from;
        while (i < to && b[i] >= '0' && b[i] <= '9') i++;
        return i;
    }
}
