package dev.syscage.source;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import dev.syscage.loss.LossLedger;
import dev.syscage.loss.LossMethod;
import dev.syscage.record.AuditLine;
import dev.syscage.record.AuditRecord;
import dev.syscage.record.RecordParser;
import java.util.List;
import java.util.function.Consumer;

/**
 * The kernel's audit multicast group (NETLINK_AUDIT, group AUDIT_NLGRP_READLOG): every audit record of
 * every type, unthrottled, whether or not auditd runs. Needs CAP_AUDIT_READ. The kernel sends each record
 * to the group before anything else happens to it, so a record this socket never received was dropped
 * for it: the socket overran (ENOBUFS) and the serial numbers show how many.
 */
public final class NetlinkSource implements RecordSource {
    private static final int AUDIT_NLGRP_READLOG = 1;
    private static final int HEADER = 16;
    /**
     * Bursts: the kernel hands records to the group as fast as programs make syscalls (400,000 a second from
     * a busy program on two cores), while the JVM may pause or fall behind. The kernel doubles the size asked
     * for and charges a queued record about 830 bytes of it, so 256 MiB hold about 600,000 records. It is a
     * limit, not an allocation: the kernel takes the memory only while records wait. After an overrun the
     * kernel drops every record for the socket until its queue is empty, so one overrun loses many. Root gets
     * the size through SO_RCVBUFFORCE; others get net.core.rmem_max, and overruns are counted.
     */
    private static final int RECEIVE_BUFFER = 256 << 20;
    /** Below this a burst of a busy program overruns the buffer within a fraction of a second. */
    private static final int SMALL_BUFFER = 16 << 20;
    /**
     * Records taken per recvmmsg() call: one system call (and one JNA call) for a batch instead of one each,
     * which is most of what reading a record costs; a reader that falls behind the kernel loses records.
     */
    private static final int BATCH = 64;
    /** One record's room: the kernel caps audit messages at 8970 bytes of text, plus the netlink header. */
    private static final int SLOT = 9216;
    /** struct mmsghdr on LP64: msg_iov at 16, msg_iovlen at 24, msg_flags at 48, msg_len at 56; 64 bytes. */
    private static final int MMSGHDR = 64;
    private static final int IOVEC = 16;
    private static final int MSG_TRUNC = 0x20;
    /** Records of the audit daemon's own range carry its counter, not the kernel's. */
    private static final int DAEMON_FIRST = 1200;
    private static final int DAEMON_LAST = 1299;
    /** AUDIT_CONFIG_CHANGE, and what the kernel writes in it for a change of seccomp's actions_logged. */
    private static final int CONFIG_CHANGE = 1305;
    private static final byte[] SECCOMP_LOGGING = "op=seccomp-logging".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** SO_MEMINFO's u32 array: SK_MEMINFO_RMEM_ALLOC (bytes queued) at 0, SK_MEMINFO_RCVBUF at 1. */
    private static final int SK_MEMINFO_VARS = 9;

    private final int fd;
    /** recvmmsg() writes here; only the bytes received are copied to the heap (JNA would copy whole arrays). */
    private final Memory slots = new Memory((long) BATCH * SLOT);
    private final Memory vector = new Memory((long) BATCH * MMSGHDR);
    private final Memory iovecs = new Memory((long) BATCH * IOVEC);
    private final byte[] bytes = new byte[SLOT];
    private final RecordParser parser = new RecordParser();
    private final LossLedger ledger = new LossLedger(LossMethod.ENOBUFS, LossMethod.ACTIONS_LOGGED);
    private final Memory meminfo = new Memory(SK_MEMINFO_VARS * 4);
    private final Memory meminfoLength = new Memory(4);
    private int timeoutMillis = -1;
    private int receiveBuffer;

    private NetlinkSource(int fd) {
        this.fd = fd;
        vector.clear();
        for (int i = 0; i < BATCH; i++) {
            iovecs.setPointer((long) i * IOVEC, slots.share((long) i * SLOT));
            iovecs.setLong((long) i * IOVEC + 8, SLOT);
            vector.setPointer((long) i * MMSGHDR + 16, iovecs.share((long) i * IOVEC));
            vector.setLong((long) i * MMSGHDR + 24, 1);
        }
    }

    /** Opens and joins the group; records logged from now on will be received. */
    public static NetlinkSource open() throws AuditAccessException {
        int fd;
        try {
            fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.NETLINK_AUDIT);
        } catch (LastErrorException e) {
            throw new AuditAccessException("cannot open the audit netlink socket (" + e.getMessage()
                    + "); the kernel needs CONFIG_AUDIT");
        }
        NetlinkSource source = new NetlinkSource(fd);
        // Before joining: records flow from the moment of the bind, and a default-sized buffer (about 200 KiB)
        // overruns within milliseconds on a busy machine, after which the kernel drops everything for the socket
        // until its queue is empty, which may be when the run has already started.
        source.growReceiveBuffer();
        try {
            Memory address = new Memory(12);
            address.clear();
            address.setShort(0, (short) LibC.AF_NETLINK);
            address.setInt(8, 1 << (AUDIT_NLGRP_READLOG - 1));
            LibC.bind(fd, address, 12);
        } catch (LastErrorException e) {
            LibC.close(fd);
            if (e.getErrorCode() == LibC.EPERM || e.getErrorCode() == LibC.EACCES) {
                // Not a file capability on the java binary: that would give every Java program on the host the
                // whole audit stream (docs/security.md, "Privileges").
                throw new AuditAccessException("no permission to read audit records from the kernel (CAP_AUDIT_READ); "
                        + "run syscage as root (sudo syscage …)");
            }
            throw new AuditAccessException("cannot join the audit multicast group: " + e.getMessage());
        }
        return source;
    }

    private void growReceiveBuffer() {
        Memory size = new Memory(4);
        size.setInt(0, RECEIVE_BUFFER);
        try {
            LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUFFORCE, size, 4);
        } catch (LastErrorException e) {
            // Without CAP_NET_ADMIN the kernel caps the size at net.core.rmem_max; take what it gives.
            try {
                LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, size, 4);
            } catch (LastErrorException ignored) {
                // The default buffer still works; overruns are counted as loss.
            }
        }
        Memory length = new Memory(4);
        length.setInt(0, 4);
        try {
            LibC.getsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, size, length);
            receiveBuffer = size.getInt(0);
        } catch (LastErrorException e) {
            receiveBuffer = -1;
        }
    }

    /** The receive buffer the kernel granted, in bytes (-1: unknown). */
    public int receiveBuffer() {
        return receiveBuffer;
    }

    @Override
    public List<String> warnings() {
        if (receiveBuffer < 0 || receiveBuffer >= SMALL_BUFFER) return List.of();
        return List.of("the netlink receive buffer is only " + receiveBuffer / 1024 + " KiB (net.core.rmem_max); a "
                + "busy program can overrun it: run syscage as root, or raise net.core.rmem_max");
    }

    @Override
    public String name() {
        return "netlink";
    }

    @Override
    public double backlog() {
        meminfoLength.setInt(0, SK_MEMINFO_VARS * 4);
        try {
            LibC.getsockopt(fd, LibC.SOL_SOCKET, LibC.SO_MEMINFO, meminfo, meminfoLength);
        } catch (LastErrorException e) {
            return Double.NaN;
        }
        long queued = meminfo.getInt(0) & 0xffffffffL;
        long room = meminfo.getInt(4) & 0xffffffffL;
        return room == 0 ? 0 : Math.min(1, (double) queued / room);
    }

    @Override
    public boolean poll(Consumer<AuditRecord> sink, int timeoutMillis) {
        setTimeout(timeoutMillis);
        int received;
        try {
            // Waits (up to the timeout) for one record, then takes what else is queued, up to BATCH.
            received = LibC.recvmmsg(fd, vector, BATCH, LibC.MSG_WAITFORONE, null);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == LibC.ENOBUFS) {
                // The kernel dropped multicast messages for us; how many is not known, at least one.
                ledger.signal(LossMethod.ENOBUFS, 1);
            }
            return false; // EAGAIN: timeout; EINTR: try again on the next poll
        }
        for (int i = 0; i < received; i++) {
            long at = (long) i * MMSGHDR;
            int n = vector.getInt(at + 56);
            // A truncated message cannot be a whole record; left unseen, its serial counts as lost.
            if ((vector.getInt(at + 48) & MSG_TRUNC) != 0 || n > SLOT) continue;
            slots.read((long) i * SLOT, bytes, 0, n);
            messages(n, sink);
        }
        return received == BATCH;
    }

    /** The netlink messages in {@code bytes[0, n)}: one audit record each. */
    private void messages(int n, Consumer<AuditRecord> sink) {
        int offset = 0;
        while (offset + HEADER <= n) {
            int length = intAt(offset);
            int type = (bytes[offset + 4] & 0xff) | (bytes[offset + 5] & 0xff) << 8;
            if (length < HEADER || offset + length > n) break;
            int from = offset + HEADER;
            int end = offset + length;
            while (end > from && bytes[end - 1] == 0) end--;
            if (type == AuditRecord.TYPE_SECCOMP) {
                AuditRecord record = parser.parse(bytes, from, end);
                if (record != null && ledger.serial(record.serial())) sink.accept(record);
            } else if (type < DAEMON_FIRST || type > DAEMON_LAST) {
                ledger.serial(AuditLine.serial(bytes, from, end));
                // The kernel records a change of actions_logged (only while audit is enabled): one undone between
                // two of LoggingWatch's polls shows here all the same.
                if (type == CONFIG_CHANGE && contains(from, end, SECCOMP_LOGGING)) {
                    ledger.signal(LossMethod.ACTIONS_LOGGED, 1);
                }
            }
            offset += (length + 3) & ~3;
        }
    }

    private boolean contains(int from, int to, byte[] needle) {
        outer:
        for (int i = from; i + needle.length <= to; i++) {
            for (int j = 0; j < needle.length; j++) if (bytes[i + j] != needle[j]) continue outer;
            return true;
        }
        return false;
    }

    private int intAt(int offset) {
        return (bytes[offset] & 0xff) | (bytes[offset + 1] & 0xff) << 8 | (bytes[offset + 2] & 0xff) << 16
                | (bytes[offset + 3] & 0xff) << 24;
    }

    private void setTimeout(int millis) {
        if (millis == timeoutMillis) return;
        Memory timeval = new Memory(16);
        timeval.setLong(0, millis / 1000);
        timeval.setLong(8, (millis % 1000) * 1000L);
        LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, timeval, 16);
        timeoutMillis = millis;
    }

    /** The kernel hands every record to the group as it makes it; one the socket did not take is an overrun. */
    @Override
    public boolean signalsEveryLoss() {
        return true;
    }

    @Override
    public LossLedger ledger() {
        return ledger;
    }

    @Override
    public String lossAdvice() {
        return "the audit netlink socket missed records: re-run, or use --source auditd";
    }

    @Override
    public void close() {
        LibC.close(fd);
    }
}
