package dev.syscage.source;

import dev.syscage.record.AuditLine;
import dev.syscage.record.AuditRecord;
import dev.syscage.record.LineSplitter;
import dev.syscage.record.RecordParser;

/**
 * The stateless half of reading audit text: what each line holds, noted in a {@link ScannedLines}. It keeps
 * no state but its parser's string cache, so each thread scans with its own instance, and the stateful
 * half ({@link AuditText}: loss ledger, duplicates) applies the outcome in file order.
 */
final class LineScanner {
    private final RecordParser parser = new RecordParser();

    /** Notes what the line {@code b[from, to)} holds. */
    void line(byte[] b, int from, int to, ScannedLines out) {
        out.line();
        int open = AuditLine.open(b, from, to);
        AuditLine.Kind kind = AuditLine.typeOf(b, from, open);
        if (kind == AuditLine.Kind.SECCOMP) {
            // AuditLine.kind, with the stamp checked once, by the parser: a parsed record's stamp is well formed
            AuditRecord r = parser.parseAt(b, open, to);
            if (r != null) {
                out.record(r, AuditLine.fromKernelLog(b, from, to, open));
                return;
            }
            if (AuditLine.serial(b, from, to) >= 0) {
                out.add(ScannedLines.Kind.UNREADABLE, 0);
                return;
            }
            kind = AuditLine.Kind.OTHER;
        } else if (kind != AuditLine.Kind.OTHER) {
            kind = AuditLine.kind(b, from, to);
        }
        switch (kind) {
            case KERNEL -> out.add(ScannedLines.Kind.KERNEL_SERIAL, AuditLine.serial(b, from, to));
            case OTHER -> {
                long suppressed = AuditLine.suppressed(b, from, to);
                if (suppressed >= 0) {
                    out.add(ScannedLines.Kind.SUPPRESSED, suppressed);
                    return;
                }
                long lost = AuditLine.kernelLost(b, from, to);
                if (lost >= 0) out.add(ScannedLines.Kind.KERNEL_LOST, lost);
            }
            default -> {
                // DAEMON: auditd's own records, numbered by auditd
            }
        }
    }

    /**
     * Notes every line of {@code b[0, to)}, cut as {@link LineSplitter} cuts a stream: the last line may lack
     * its line break, overlong lines are dropped, and with {@code skipFirst} the text up to the first line
     * break is the rest of an overlong line and dropped too.
     */
    void block(byte[] b, int to, boolean skipFirst, ScannedLines out) {
        boolean skipping = skipFirst;
        for (int start = 0; start < to; ) {
            int i = LineSplitter.lineBreak(b, start, to);
            if (i < 0) i = to; // the stream's last line, without its line break
            if (!skipping && i - start < LineSplitter.MAX_LINE) line(b, start, LineSplitter.end(b, start, i), out);
            skipping = false;
            start = i + 1;
        }
    }
}
