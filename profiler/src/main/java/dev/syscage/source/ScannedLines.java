package dev.syscage.source;

import dev.syscage.record.AuditRecord;
import java.util.Arrays;

/**
 * What a run of lines held, in their order, as far as reading a log cares: SECCOMP records, serials of
 * other kernel records, the kernel's loss lines and unreadable SECCOMP lines. Lines of no interest leave
 * only their count. It is the hand-over between scanning lines (any thread) and applying them to the loss
 * ledger and the sink (one thread, in file order), so it holds plain arrays rather than an object a line.
 */
final class ScannedLines {
    enum Kind {
        /** A SECCOMP record, as auditd wrote it. */
        RECORD,
        /** A SECCOMP record from the kernel log (dmesg, journalctl -k, syslog), which is rate-limited. */
        KERNEL_LOG_RECORD,
        /** A SECCOMP line that does not parse (truncated, mangled). */
        UNREADABLE,
        /** Another record the kernel numbered: {@code value} is its serial. */
        KERNEL_SERIAL,
        /** {@code value} audit lines dropped by the kernel log's rate limit. */
        SUPPRESSED,
        /** The kernel's lost counter is now {@code value}. */
        KERNEL_LOST
    }

    private static final Kind[] KINDS = Kind.values();

    private byte[] kinds = new byte[64];
    private AuditRecord[] records = new AuditRecord[64];
    private long[] values = new long[64];
    private int size;
    private long lines;

    void record(AuditRecord r, boolean fromKernelLog) {
        add(fromKernelLog ? Kind.KERNEL_LOG_RECORD : Kind.RECORD, r, 0);
    }

    void add(Kind kind, long value) {
        add(kind, null, value);
    }

    /** One more line was read, whatever it held. */
    void line() {
        lines++;
    }

    int size() {
        return size;
    }

    long lines() {
        return lines;
    }

    Kind kind(int i) {
        return KINDS[kinds[i]];
    }

    AuditRecord record(int i) {
        return records[i];
    }

    long value(int i) {
        return values[i];
    }

    void clear() {
        Arrays.fill(records, 0, size, null);
        size = 0;
        lines = 0;
    }

    private void add(Kind kind, AuditRecord r, long value) {
        if (size == kinds.length) {
            kinds = Arrays.copyOf(kinds, size * 2);
            records = Arrays.copyOf(records, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        kinds[size] = (byte) kind.ordinal();
        records[size] = r;
        values[size] = value;
        size++;
    }
}
