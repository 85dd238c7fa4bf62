package dev.syscage.record;

/**
 * The last few records parsed, by the text after their {@code audit(…)} stamp. A program's records repeat:
 * a loop's calls differ only in the stamp, and a copy loop alternates two (read, write). A record whose
 * text after the stamp is byte for byte one of these has that record's fields, so the parser takes them
 * instead of reading the fields again: the collector takes records off the kernel's socket on the core
 * the kernel's audit thread needs too, and the fields were most of its work per record (benchmarks/BENCHMARKS.md).
 */
final class RecentTails {
    private static final int SIZE = 4;
    /** Longer texts (hex-encoded paths of odd executables) are parsed each time. */
    private static final int LONGEST = 1024;

    private final byte[][] tails = new byte[SIZE][LONGEST];
    private final int[] lengths = new int[SIZE];
    private final AuditRecord[] records = new AuditRecord[SIZE];
    private int next;

    /** The record whose text after the stamp was {@code b[from, to)}, or null. */
    AuditRecord find(byte[] b, int from, int to) {
        int length = to - from;
        for (int k = 0; k < SIZE; k++) {
            // newest first: a loop hits at once
            int slot = (next - 1 - k) & (SIZE - 1);
            if (lengths[slot] == length && records[slot] != null
                    && Bytes.sameFromTheEnd(tails[slot], b, from, length)) {
                return records[slot];
            }
        }
        return null;
    }

    void remember(byte[] b, int from, int to, AuditRecord record) {
        int length = to - from;
        if (length > LONGEST) return;
        System.arraycopy(b, from, tails[next], 0, length);
        lengths[next] = length;
        records[next] = record;
        next = (next + 1) & (SIZE - 1);
    }
}
