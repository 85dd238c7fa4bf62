package dev.syscage.source;

import dev.syscage.loss.LossLedger;
import dev.syscage.loss.LossMethod;
import dev.syscage.record.AuditLine;
import dev.syscage.record.AuditRecord;
import dev.syscage.record.RecordParser;
import java.util.function.Consumer;

/**
 * Reads lines of audit text, whatever wrote them (auditd, the kernel log, a saved file): SECCOMP records go
 * to the sink, once each; every record's serial and every loss line the kernel printed go to the ledger.
 * The one piece of line handling that the auditd, kmsg and file sources share.
 */
final class AuditText {
    private final RecordParser parser = new RecordParser();
    private final LossLedger ledger;
    private long lines;
    private long unreadable;
    private long fromKernelLog;

    AuditText(LossLedger ledger) {
        this.ledger = ledger;
    }

    void line(byte[] b, int from, int to, Consumer<AuditRecord> sink) {
        lines++;
        switch (AuditLine.kind(b, from, to)) {
            case SECCOMP -> {
                AuditRecord r = parser.parse(b, from, to);
                // A truncated or mangled record is not marked seen: it counts as lost, which it is.
                if (r == null) {
                    unreadable++;
                } else if (ledger.serial(r.serial())) {
                    if (AuditLine.fromKernelLog(b, from, to)) fromKernelLog++;
                    sink.accept(r);
                }
            }
            case KERNEL -> ledger.serial(AuditLine.serial(b, from, to));
            case DAEMON -> {
            }
            case OTHER -> {
                long suppressed = AuditLine.suppressed(b, from, to);
                if (suppressed >= 0) {
                    ledger.signal(LossMethod.KMSG_SUPPRESSED, suppressed);
                    return;
                }
                long lost = AuditLine.kernelLost(b, from, to);
                if (lost >= 0) ledger.kernelLost(lost);
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
