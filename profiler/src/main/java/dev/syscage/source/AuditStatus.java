package dev.syscage.source;

import java.nio.ByteBuffer;
import java.util.List;

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
    private static final int STATUS_FIELDS = 8;

    /** Asks the kernel; the exception's message says why it could not be asked. */
    public static AuditStatus query() throws AuditAccessException {
        List<ByteBuffer> replies = AuditControl.ask(AUDIT_GET, "reading the kernel's audit counters (AUDIT_GET)");
        ByteBuffer m = replies.isEmpty() ? ByteBuffer.allocate(0) : replies.get(0);
        if (m.capacity() < 4 * STATUS_FIELDS) throw new AuditAccessException("the kernel's AUDIT_GET reply is too short");
        long[] f = new long[STATUS_FIELDS];
        for (int i = 0; i < STATUS_FIELDS; i++) f[i] = Integer.toUnsignedLong(m.getInt(4 * i));
        // f[0] is the mask, meaningful only when setting.
        return new AuditStatus(f[1], f[2], f[3], f[4], f[5], f[6], f[7]);
    }
}
