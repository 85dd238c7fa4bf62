package dev.syscage.record;

/** Searching and number parsing on byte ranges: what the record parsers need, without decoding to Strings. */
final class Bytes {
    private Bytes() {
    }

    static int indexOf(byte[] b, int from, int to, byte needle) {
        for (int i = Math.max(0, from); i < to; i++) {
            if (b[i] == needle) return i;
        }
        return -1;
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

    static boolean startsWith(byte[] b, int at, int to, byte[] needle) {
        return to - at >= needle.length && equals(b, at, needle);
    }

    /** A non-negative number in the given radix (10 or 16), or -1 when the bytes are not one (or too long). */
    static long number(byte[] b, int from, int to, int radix) {
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
