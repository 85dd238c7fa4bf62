package dev.syscage.source;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import dev.syscage.loss.LossLedger;
import dev.syscage.loss.LossMethod;
import dev.syscage.record.AuditRecord;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The kernel log through /dev/kmsg, what dmesg shows: for machines where neither the audit netlink group
 * nor auditd's log may be read. Without an audit daemon the kernel prints each audit record there, but
 * through printk_ratelimit(): 10 lines per 5 seconds, shared by the whole machine, so any real program
 * loses records. This source shows that plainly: gaps in the serial numbers (every audit record of every
 * type is printed, so an unseen serial is a dropped record), the kernel's "callbacks suppressed" and
 * audit_lost lines, and log lines overwritten before they were read (EPIPE, jumps in the log's sequence).
 */
public final class KmsgSource implements RecordSource {
    static final String KMSG = "/dev/kmsg";
    /** A /dev/kmsg record is at most about 8 KiB of text plus its dictionary; one read returns one record. */
    private static final int RECORD_MAX = 16 * 1024;
    /** Records handed on per poll at most, so the collector keeps checking whether to stop. */
    private static final int BATCH = 4096;

    private final int fd;
    private final Memory record = new Memory(RECORD_MAX);
    private final byte[] buf = new byte[RECORD_MAX];
    private final Memory pollfd = new Memory(8);
    private final LossLedger ledger = new LossLedger(LossMethod.KMSG_SUPPRESSED, LossMethod.KMSG_OVERRUN,
            LossMethod.KERNEL_LOST);
    private final AuditText text = new AuditText(ledger);
    private long lastSequence = -1;

    private KmsgSource(int fd) {
        this.fd = fd;
    }

    /** Opens the kernel log at its end: only records printed from now on are read. */
    public static KmsgSource open() throws AuditAccessException {
        Optional<AuditDaemon> daemon = AuditDaemon.find();
        if (daemon.isPresent()) {
            throw new AuditAccessException("auditd (pid " + daemon.get().pid() + ") is running, so the kernel sends "
                    + "audit records to it and prints none to its log; use --source auditd or --source netlink");
        }
        int fd;
        try {
            fd = LibC.open(KMSG, LibC.O_RDONLY | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == LibC.EPERM || e.getErrorCode() == LibC.EACCES) {
                throw new AuditAccessException("no permission to read " + KMSG + "; run syscage as root (or with "
                        + "CAP_SYSLOG), or use --source netlink");
            }
            throw new AuditAccessException("cannot open " + KMSG + " (" + e.getMessage() + "); use --source netlink");
        }
        try {
            LibC.lseek(fd, 0, LibC.SEEK_END);
        } catch (LastErrorException e) {
            LibC.close(fd);
            throw new AuditAccessException("cannot seek in " + KMSG + " (" + e.getMessage() + "); use --source netlink");
        }
        return new KmsgSource(fd);
    }

    @Override
    public String name() {
        return "kmsg";
    }

    @Override
    public boolean poll(Consumer<AuditRecord> sink, int timeoutMillis) throws IOException {
        pollfd.setInt(0, fd);
        pollfd.setShort(4, LibC.POLLIN);
        pollfd.setShort(6, (short) 0);
        try {
            if (LibC.poll(pollfd, 1, timeoutMillis) <= 0) return false;
        } catch (LastErrorException e) {
            return false; // EINTR
        }
        for (int i = 0; i < BATCH; i++) {
            long n;
            try {
                n = LibC.read(fd, record, RECORD_MAX);
            } catch (LastErrorException e) {
                int errno = e.getErrorCode();
                // EPIPE: records were overwritten before we read them; the next read goes on from the oldest
                // one left, and the jump in sequence numbers says how many were lost.
                if (errno == LibC.EPIPE || errno == LibC.EINTR) continue;
                if (errno == LibC.EAGAIN) return false;
                throw new IOException("reading " + KMSG + ": " + e.getMessage(), e);
            }
            if (n <= 0) return false;
            record.read(0, buf, 0, (int) n);
            record((int) n, sink);
        }
        return true;
    }

    /** {@code PRIORITY,SEQUENCE,MICROSECONDS,FLAGS;MESSAGE\n} and dictionary lines after it. */
    private void record(int n, Consumer<AuditRecord> sink) {
        int semicolon = -1;
        int firstComma = -1;
        int secondComma = -1;
        for (int i = 0; i < n && semicolon < 0; i++) {
            if (buf[i] == ',') {
                if (firstComma < 0) firstComma = i;
                else if (secondComma < 0) secondComma = i;
            } else if (buf[i] == ';') {
                semicolon = i;
            }
        }
        if (semicolon < 0 || secondComma < 0) return;
        long sequence = 0;
        for (int i = firstComma + 1; i < secondComma; i++) sequence = sequence * 10 + (buf[i] - '0');
        if (lastSequence >= 0 && sequence > lastSequence + 1) {
            ledger.signal(LossMethod.KMSG_OVERRUN, sequence - lastSequence - 1);
        }
        lastSequence = sequence;
        int end = semicolon + 1;
        while (end < n && buf[end] != '\n') end++;
        text.line(buf, semicolon + 1, end, sink);
    }

    @Override
    public LossLedger ledger() {
        return ledger;
    }

    @Override
    public String lossAdvice() {
        return "the kernel log passes at most 10 audit lines per 5 s when no audit daemon runs: use --source "
                + "netlink (needs CAP_AUDIT_READ), or start auditd and use --source auditd";
    }

    @Override
    public void close() {
        LibC.close(fd);
    }
}
