package dev.syscage.record;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Strings of comm= and exe= fields by their bytes. A run has few distinct executables but may have
 * millions of records, so the same few Strings are handed out instead of a new one per record.
 * Direct-mapped: a collision just replaces the entry.
 */
final class StringCache {
    private static final int SIZE = 256;
    private final byte[][] keys = new byte[SIZE][];
    private final boolean[] quotedKeys = new boolean[SIZE];
    private final String[] values = new String[SIZE];

    /** comm= and exe= are quoted when printable, hex-encoded by the kernel otherwise; (null) is none. */
    String untrusted(byte[] b, int from, int to, boolean quoted) {
        int start = quoted ? from + 1 : from;
        // the length and the last few bytes, where paths and names tend to differ: hashing all of both fields
        // of every record cost more than a collision (a decode) ever does
        int hash = (to - start) * 2 + (quoted ? 1 : 0);
        for (int i = Math.max(start, to - 6); i < to; i++) hash = 31 * hash + b[i];
        int slot = (hash ^ hash >>> 16) & (SIZE - 1);
        byte[] key = keys[slot];
        if (key != null && quotedKeys[slot] == quoted && Arrays.equals(key, 0, key.length, b, start, to)) {
            return values[slot];
        }
        String value = decode(b, start, to, quoted);
        keys[slot] = Arrays.copyOfRange(b, start, to);
        quotedKeys[slot] = quoted;
        values[slot] = value;
        return value;
    }

    /**
     * The kernel quotes only printable ASCII and hex-encodes the rest; anything else (hand-made or damaged
     * text) is kept as the UTF-8 it was read as. Hex means ASCII hex digits only: other scripts' digits are
     * digits to Character.digit but not to HexFormat.
     */
    private static String decode(byte[] b, int from, int to, boolean quoted) {
        String raw = new String(b, from, to - from, StandardCharsets.UTF_8);
        if (quoted) return raw;
        if (raw.equals("(null)")) return null;
        if ((to - from) % 2 == 0 && asciiHex(b, from, to)) {
            return new String(HexFormat.of().parseHex(raw), StandardCharsets.UTF_8);
        }
        return raw;
    }

    private static boolean asciiHex(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) return false;
        }
        return true;
    }
}
