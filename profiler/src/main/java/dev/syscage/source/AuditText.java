package dev.syscage.source;

import dev.syscage.loss.LossLedger;
import dev.syscage.loss.LossMethod;
import dev.syscage.record.AuditRecord;
import java.util.function.Consumer;

/**
 * Reads lines of audit text, whatever wrote them (auditd, the kernel log, a saved file): SECCOMP records go
 * to the sink, once each; every record's serial and every loss line the kernel printed go to the ledger.
 * The one piece of line handling that the auditd, kmsg and file sources share. What a line holds is found
 * by a {@link LineScanner} (for saved files, on several threads); this applies it, in order.
 */
final class AuditText {
    private final LineScanner scanner = new LineScanner();
    private final ScannedLines one = new ScannedLines();
    private final LossLedger ledger;
    private long lines;
    private long unreadable;
    private long fromKernelLog;

    AuditText(LossLedger ledger) {
        this.ledger = ledger;
    }

    void line(byte[] b, int from, int to, Consumer<AuditRecord> sink) {
        scanner.line(b, from, to, one);
        apply(one, sink);
        one.clear();
    }

    /** Takes lines scanned elsewhere, in the order they were in the text. */
    void apply(ScannedLines scanned, Consumer<AuditRecord> sink) {
        lines += scanned.lines();
        for (int i = 0; i < scanned.size(); i++) {
            switch (scanned.kind(i)) {
                case RECORD, KERNEL_LOG_RECORD -> {
                    AuditRecord r = scanned.record(i);
                    if (ledger.serial(r.serial())) {
                        if (scanned.kind(i) == ScannedLines.Kind.KERNEL_LOG_RECORD) fromKernelLog++;
                        sink.accept(r);
                    }
                }
                // A truncated or mangled record is not marked seen: it counts as lost, which it is.
                case UNREADABLE -> unreadable++;
                case KERNEL_SERIAL -> ledger.serial(scanned.value(i));
                case SUPPRESSED -> ledger.signal(LossMethod.KMSG_SUPPRESSED, scanned.value(i));
                case KERNEL_LOST -> ledger.kernelLost(scanned.value(i));
            }
        }
    }

    /** Lines read so far. */
    long lines() {
        return lines;
    }

    /** SECCOMP records read from kernel-log text (rate-limited when it was written without auditd). */
    long fromKernelLog() {
        return fromKernelLog;
    }

    /** SECCOMP lines that could not be parsed (truncated, mangled). */
    long unreadable() {
        return unreadable;
    }
}
