package dev.syscage.record;

/**
 * What one line of audit text is, in every format syscage reads: auditd's audit.log (RAW and ENRICHED,
 * {@code type=SECCOMP msg=audit(…)}), and the kernel log as /dev/kmsg, dmesg, {@code journalctl -k} and
 * syslog show it ({@code … audit: type=1326 audit(…)}). Byte-based like {@link RecordParser}, for the
 * same reason: it runs for every line of a log that may hold millions.
 */
public final class AuditLine {
    static final byte[] AUDIT_OPEN = RecordParser.ascii("audit(");
    private static final byte[] TYPE = RecordParser.ascii("type=");
    private static final byte[] SECCOMP_NAME = RecordParser.ascii("SECCOMP");
    private static final byte[] SECCOMP_NUMBER = RecordParser.ascii("1326");
    private static final byte[] DAEMON_PREFIX = RecordParser.ascii("DAEMON_");
    private static final byte[] SUPPRESSED_BY = RecordParser.ascii("kauditd_printk_skb: ");
    private static final byte[] SUPPRESSED = RecordParser.ascii(" callbacks suppressed");
    private static final byte[] KERNEL_LOST = RecordParser.ascii("audit: audit_lost=");
    private static final byte[] AUDITD_MSG = RecordParser.ascii("msg=audit(");

    /** auditd's own records (DAEMON_START, DAEMON_ROTATE, …) use types 1200 to 1299. */
    private static final long DAEMON_FIRST = 1200;
    private static final long DAEMON_LAST = 1299;

    private AuditLine() {
    }

    public enum Kind {
        /** A SECCOMP record ({@code type=SECCOMP} or {@code type=1326}). */
        SECCOMP,
        /** Another record the kernel numbered: its serial was used and is not a lost one. */
        KERNEL,
        /** A record of the audit daemon itself: auditd numbers these with its own counter, not the kernel's. */
        DAEMON,
        /** Not an audit record. */
        OTHER
    }

    /** The kind of the line {@code b[from, to)}. A line without {@code type=} before {@code audit(} is OTHER. */
    public static Kind kind(byte[] b, int from, int to) {
        int open = open(b, from, to);
        if (open < 0 || serialAt(b, open, to) < 0) return Kind.OTHER;
        return typeBefore(b, from, open);
    }

    /** Where the line's first {@code audit(} is, or -1: what {@link #typeOf}, {@link RecordParser#parseAt} take. */
    public static int open(byte[] b, int from, int to) {
        return Bytes.indexOf(b, from, to, AUDIT_OPEN);
    }

    /**
     * The kind of the line by its {@code type=} field alone, as if its {@code audit(…)} stamp (at {@code open},
     * see {@link #open}) were well formed: {@link #kind} without checking the stamp. For a SECCOMP line, parsing
     * it checks the stamp anyway (a parsed record has a well-formed one), so a reader need not check it twice.
     */
    public static Kind typeOf(byte[] b, int from, int open) {
        return open < 0 ? Kind.OTHER : typeBefore(b, from, open);
    }

    private static Kind typeBefore(byte[] b, int from, int open) {
        int type = -1;
        for (int i = Bytes.indexOf(b, from, open, TYPE); i >= 0; i = Bytes.indexOf(b, i + 1, open, TYPE)) {
            if (i == from || b[i - 1] == ' ') type = i + TYPE.length;
        }
        if (type < 0) return Kind.OTHER;
        int end = type;
        while (end < open && b[end] != ' ') end++;
        if (end - type == SECCOMP_NAME.length && Bytes.equals(b, type, SECCOMP_NAME)
                || end - type == SECCOMP_NUMBER.length && Bytes.equals(b, type, SECCOMP_NUMBER)) {
            return Kind.SECCOMP;
        }
        long number = Bytes.number(b, type, end, 10);
        if (Bytes.startsWith(b, type, end, DAEMON_PREFIX) || number >= DAEMON_FIRST && number <= DAEMON_LAST) {
            return Kind.DAEMON;
        }
        return Kind.KERNEL;
    }

    /**
     * True when the record came through the kernel log (dmesg, journalctl -k, syslog: {@code audit: type=N
     * audit(…)}) rather than auditd ({@code type=NAME msg=audit(…)}): the kernel log is rate-limited.
     */
    public static boolean fromKernelLog(byte[] b, int from, int to, int open) {
        // auditd's msg= right before the stamp at open (see #open) spares searching the line for it
        boolean auditd = open - from >= AUDITD_MSG.length - AUDIT_OPEN.length
                && Bytes.equals(b, open - (AUDITD_MSG.length - AUDIT_OPEN.length), AUDITD_MSG);
        return !auditd && Bytes.indexOf(b, from, to, AUDITD_MSG) < 0;
    }

    /** The audit serial number of the record on the line, or -1. */
    public static long serial(byte[] b, int from, int to) {
        int open = Bytes.indexOf(b, from, to, AUDIT_OPEN);
        return open < 0 ? -1 : serialAt(b, open, to);
    }

    /** {@code audit(SECONDS.MILLIS:SERIAL)} at {@code open}: the serial, or -1 when malformed. */
    private static long serialAt(byte[] b, int open, int to) {
        int i = open + AUDIT_OPEN.length;
        int close = stampEnd(b, i, to);
        if (close < 0) return -1;
        int dot = Bytes.indexOf(b, i, close, (byte) '.');
        int colon = Bytes.indexOf(b, dot, close, (byte) ':');
        if (Bytes.decimal(b, i, dot) < 0 || Bytes.decimal(b, dot + 1, colon) < 0) return -1;
        return Bytes.decimal(b, colon + 1, close);
    }

    /**
     * The ')' ending {@code SECONDS.MILLIS:SERIAL)} from {@code i}: the first '.', ':' and ')' there must come
     * in that order; -1 when they do not. One pass: the first of the three must be the '.', and so on.
     */
    static int stampEnd(byte[] b, int i, int to) {
        int dot = Bytes.indexOfAny(b, i, to, (byte) '.', (byte) ':', (byte) ')');
        if (dot < 0 || b[dot] != '.') return -1;
        int colon = Bytes.indexOfAny(b, dot + 1, to, (byte) ':', (byte) ')', (byte) ')');
        if (colon < 0 || b[colon] != ':') return -1;
        return Bytes.indexOf(b, colon + 1, to, (byte) ')');
    }

    /**
     * N of the kernel's {@code kauditd_printk_skb: N callbacks suppressed}: audit lines the kernel log's rate
     * limit (printk_ratelimit, 10 lines per 5 s, shared with other kernel messages) dropped. -1 for other lines.
     */
    public static long suppressed(byte[] b, int from, int to) {
        int at = Bytes.indexOf(b, from, to, SUPPRESSED_BY);
        if (at < 0) return -1;
        int digits = at + SUPPRESSED_BY.length;
        int end = Bytes.digitsEnd(b, digits, to);
        if (end == digits || !Bytes.startsWith(b, end, to, SUPPRESSED)) return -1;
        return Bytes.number(b, digits, end, 10);
    }

    /**
     * N of the kernel's {@code audit: audit_lost=N …}, printed whenever it drops a record (the value of the
     * counter AUDIT_GET reports). -1 for other lines.
     */
    public static long kernelLost(byte[] b, int from, int to) {
        int at = Bytes.indexOf(b, from, to, KERNEL_LOST);
        if (at < 0) return -1;
        int digits = at + KERNEL_LOST.length;
        return Bytes.number(b, digits, Bytes.digitsEnd(b, digits, to), 10);
    }
}
