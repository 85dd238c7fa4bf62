package dev.syscage.source;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The kernel's audit status (AUDIT_GET, struct audit_status in linux/audit.h): whether an audit daemon is
 * registered, its backlog limit, and how many records the kernel has dropped since boot. Asking needs
 * CAP_AUDIT_CONTROL; without it the counters are unavailable and syscage says so.
 *
 * @param pid  the registered audit daemon's pid, 0 when none
 * @param lost records the kernel dropped (backlog limit, rate limit, full queues), a u32 counter
 */
public record AuditStatus(long enabled, long failure, long pid, long rateLimit, long backlogLimit, long lost,
        long backlog) {
    private static final int AUDIT_GET = 1000;
    private static final int NLMSG_ERROR = 2;
    private static final int NLM_F_REQUEST = 1;
    private static final int HEADER = 16;
    private static final int STATUS_FIELDS = 8;

    /** Asks the kernel; the exception's message says why it could not be asked. */
    public static AuditStatus query() throws AuditAccessException {
        int fd;
        try {
            fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.NETLINK_AUDIT);
        } catch (LastErrorException e) {
            throw new AuditAccessException("cannot open the audit netlink socket (" + e.getMessage() + ")");
        }
        try {
            Memory timeval = new Memory(16);
            timeval.setLong(0, 2);
            timeval.setLong(8, 0);
            LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, timeval, 16);
            Memory request = new Memory(HEADER);
            request.setInt(0, HEADER);
            request.setShort(4, (short) AUDIT_GET);
            request.setShort(6, (short) NLM_F_REQUEST);
            request.setInt(8, 1);
            request.setInt(12, 0);
            Memory kernel = new Memory(12);
            kernel.clear();
            kernel.setShort(0, (short) LibC.AF_NETLINK);
            LibC.sendto(fd, request, HEADER, 0, kernel, 12);
            Memory reply = new Memory(8192);
            long n = LibC.recv(fd, reply, reply.size(), 0);
            return decode(reply.getByteBuffer(0, n).order(ByteOrder.nativeOrder()));
        } catch (LastErrorException e) {
            throw new AuditAccessException("the kernel did not answer AUDIT_GET (" + e.getMessage() + ")");
        } finally {
            LibC.close(fd);
        }
    }

    private static AuditStatus decode(ByteBuffer m) throws AuditAccessException {
        if (m.remaining() < HEADER) throw new AuditAccessException("the kernel's AUDIT_GET reply is too short");
        int type = m.getShort(4) & 0xffff;
        if (type == NLMSG_ERROR) {
            int error = m.remaining() >= HEADER + 4 ? -m.getInt(HEADER) : 0;
            throw new AuditAccessException(error == LibC.EPERM || error == LibC.EACCES
                    ? "reading the kernel's audit counters needs CAP_AUDIT_CONTROL (run syscage as root)"
                    : "the kernel refused AUDIT_GET (error " + error + ")");
        }
        if (type != AUDIT_GET || m.remaining() < HEADER + 4 * STATUS_FIELDS) {
            throw new AuditAccessException("unexpected reply to AUDIT_GET (type " + type + ")");
        }
        long[] f = new long[STATUS_FIELDS];
        for (int i = 0; i < STATUS_FIELDS; i++) f[i] = Integer.toUnsignedLong(m.getInt(HEADER + 4 * i));
        // f[0] is the mask, meaningful only when setting.
        return new AuditStatus(f[1], f[2], f[3], f[4], f[5], f[6], f[7]);
    }
}
