package dev.syscage.record;

/**
 * One kernel audit record of type SECCOMP (1326), with the fields syscage uses.
 * Numeric fields the record did not carry are -1; strings are null.
 *
 * @param serial   the audit serial number: unique and increasing per boot, used to spot loss
 * @param epochMillis when the kernel logged it
 * @param pid      the thread group id (audit logs the process, not the thread)
 * @param ses      audit session id; syscage gives each run its own (see native/README.md)
 * @param arch     AUDIT_ARCH value of the calling ABI (x32 calls show x86_64 with bit 30 set in syscall)
 * @param compat   1 when the call came through a compat ABI (i386 on x86_64)
 * @param code     the seccomp action that applied (SECCOMP_RET_LOG, _KILL_PROCESS, …)
 */
public record AuditRecord(
        long serial,
        long epochMillis,
        long pid,
        long auid,
        long uid,
        long ses,
        String comm,
        String exe,
        int sig,
        long arch,
        long syscall,
        int compat,
        long code) {

    /** The audit type number of seccomp records. */
    public static final int TYPE_SECCOMP = 1326;
    /** The value of an unset login uid or session id. */
    public static final long UNSET = 4294967295L;

    public static final long RET_KILL_PROCESS = 0x80000000L;
    public static final long RET_KILL_THREAD = 0x00000000L;
    public static final long RET_TRAP = 0x00030000L;
    public static final long RET_ERRNO = 0x00050000L;
    public static final long RET_LOG = 0x7ffc0000L;

    /** The same call, logged again: this record's fields with another serial and time. */
    public AuditRecord restamped(long serial, long epochMillis) {
        return new AuditRecord(serial, epochMillis, pid, auid, uid, ses, comm, exe, sig, arch, syscall, compat, code);
    }

    /** The action part of {@link #code}, without the data bits (errno value, trap data). */
    public long action() {
        return code & 0xffff0000L;
    }

    /** True when the call was refused (killed, trapped or failed) rather than logged and allowed. */
    public boolean refused() {
        long a = action();
        return code >= 0 && a != RET_LOG && a != 0x7fff0000L;
    }

    /** A readable name of the action, as the kernel's sysctl names them. */
    public String actionName() {
        long a = action();
        if (a == RET_KILL_PROCESS) return "kill_process";
        if (a == RET_KILL_THREAD) return "kill_thread";
        if (a == RET_TRAP) return "trap";
        if (a == RET_ERRNO) return "errno";
        if (a == RET_LOG) return "log";
        return String.format("0x%08x", code);
    }
}
