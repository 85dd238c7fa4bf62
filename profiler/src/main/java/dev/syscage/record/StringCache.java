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
        int hash = quoted ? 1 : 0;
        for (int i = start; i < to; i++) hash = 31 * hash + b[i];
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

    private static String decode(byte[] b, int from, int to, boolean quoted) {
        String raw = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
        if (quoted) return raw;
        if (raw.equals("(null)")) return null;
        if (raw.length() % 2 == 0 && raw.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
            return new String(HexFormat.of().parseHex(raw), StandardCharsets.UTF_8);
        }
        return raw;
    }
}
