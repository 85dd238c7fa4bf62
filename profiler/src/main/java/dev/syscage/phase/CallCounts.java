package dev.syscage.phase;

import java.util.Arrays;

/**
 * How often each syscall was made, by its packed (ABI, number) key: an open-addressing table of two long
 * arrays. It is bumped once per record, which a map of boxed keys and counters made the main cost of
 * attributing records after parsing, and it holds 16 bytes a call instead of about 70 (a profile of many
 * executables holds one table per executable and phase).
 */
final class CallCounts {
    /** Marks a free slot; the key -1 itself (a record may claim any arch) is counted apart. */
    private static final long FREE = -1;

    private long[] keys = newKeys(16);
    private long[] counts = new long[16];
    private long freeKeyCount;
    private volatile int size;

    /** One more call of {@code key}. */
    void increment(long key) {
        if (key == FREE) {
            if (freeKeyCount++ == 0) size++;
            return;
        }
        int mask = keys.length - 1;
        int slot = slot(key, mask);
        while (true) {
            long k = keys[slot];
            if (k == key) {
                counts[slot]++;
                return;
            }
            if (k == FREE) break;
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        counts[slot] = 1;
        size++;
        if (size * 2 > keys.length) grow();
    }

    /** Distinct keys; may be read from another thread (the live status line). */
    int size() {
        return size;
    }

    interface Visitor {
        void visit(long key, long count);
    }

    void forEach(Visitor visitor) {
        if (freeKeyCount > 0) visitor.visit(FREE, freeKeyCount);
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != FREE) visitor.visit(keys[i], counts[i]);
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldCounts = counts;
        keys = newKeys(oldKeys.length * 2);
        counts = new long[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] == FREE) continue;
            int slot = slot(oldKeys[i], mask);
            while (keys[slot] != FREE) slot = (slot + 1) & mask;
            keys[slot] = oldKeys[i];
            counts[slot] = oldCounts[i];
        }
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L; // Fibonacci hashing: numbers of one ABI differ in the low bits only
        return (int) (h >>> 40) & mask;
    }

    private static long[] newKeys(int n) {
        long[] k = new long[n];
        Arrays.fill(k, FREE);
        return k;
    }
}
