package dev.syscage.source;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One request to the kernel's audit control interface (the audit netlink socket, as auditctl asks) and its
 * replies. The kernel answers such requests only with CAP_AUDIT_CONTROL.
 */
final class AuditControl {
    static final int HEADER = 16;
    private static final int NLMSG_ERROR = 2;
    private static final int NLMSG_DONE = 3;
    private static final int NLM_F_REQUEST = 1;
    private static final int NLM_F_MULTI = 2;
    private static final int MAX_REPLIES = 4096;

    private AuditControl() {
    }

    /**
     * Sends a bodiless request of {@code type} and returns the payloads of its replies (each in native byte
     * order, positioned at the payload): one, or for a multi-part answer every part up to NLMSG_DONE.
     * {@code what} names the request in messages.
     */
    static List<ByteBuffer> ask(int type, String what) throws AuditAccessException {
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
            request.setShort(4, (short) type);
            request.setShort(6, (short) NLM_F_REQUEST);
            request.setInt(8, 1);
            request.setInt(12, 0);
            Memory kernel = new Memory(12);
            kernel.clear();
            kernel.setShort(0, (short) LibC.AF_NETLINK);
            LibC.sendto(fd, request, HEADER, 0, kernel, 12);
            Memory reply = new Memory(65536);
            List<ByteBuffer> out = new ArrayList<>();
            while (out.size() < MAX_REPLIES) {
                long n = LibC.recv(fd, reply, reply.size(), 0);
                ByteBuffer all = reply.getByteBuffer(0, n).order(ByteOrder.nativeOrder());
                for (int at = 0; at + HEADER <= n; ) {
                    int length = all.getInt(at);
                    int got = all.getShort(at + 4) & 0xffff;
                    int flags = all.getShort(at + 6) & 0xffff;
                    if (length < HEADER || at + length > n) break;
                    if (got == NLMSG_DONE) return out;
                    if (got == NLMSG_ERROR) {
                        int error = length >= HEADER + 4 ? -all.getInt(at + HEADER) : 0;
                        if (error != 0) throw refused(error, what);
                    } else {
                        ByteBuffer payload = copy(all, at + HEADER, length - HEADER);
                        if (got != type) throw new AuditAccessException("unexpected reply to " + what + " (type " + got + ")");
                        out.add(payload);
                        if ((flags & NLM_F_MULTI) == 0) return out;
                    }
                    at += (length + 3) & ~3;
                }
            }
            throw new AuditAccessException("the kernel's answer to " + what + " does not end");
        } catch (LastErrorException e) {
            throw new AuditAccessException("the kernel did not answer " + what + " (" + e.getMessage() + ")");
        } finally {
            LibC.close(fd);
        }
    }

    private static AuditAccessException refused(int error, String what) {
        return new AuditAccessException(error == LibC.EPERM || error == LibC.EACCES
                ? what + " needs CAP_AUDIT_CONTROL, which this process lacks (run syscage as root)"
                : "the kernel refused " + what + " (error " + error + ")");
    }

    private static ByteBuffer copy(ByteBuffer from, int offset, int length) {
        ByteBuffer out = ByteBuffer.allocate(length).order(ByteOrder.nativeOrder());
        for (int i = 0; i < length; i++) out.put(i, from.get(offset + i));
        return out;
    }
}
