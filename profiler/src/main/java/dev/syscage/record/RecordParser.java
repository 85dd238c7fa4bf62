package dev.syscage.record;

import java.nio.charset.StandardCharsets;

/**
 * Parses the text of a SECCOMP audit record into an {@link AuditRecord}.
 *
 * <p>Accepts the netlink payload ({@code audit(SEC.MS:SERIAL): key=value …}) and the same text behind
 * any prefix that the log writers put before it ({@code type=SECCOMP msg=}, {@code type=1326 },
 * {@code [ 12.3] audit: }). Text after a 0x1d byte (auditd's ENRICHED fields) is ignored: auditd writes
 * a wrong syscall name there for seccomp records, and syscage maps the number itself.
 *
 * <p>Hand-written and byte-based rather than regex- or String-based because it runs once per record at
 * up to millions of records a second: it reads the bytes the source received, allocates only the record
 * (comm and exe come from a small cache, they repeat), and never throws on bad input (it returns null).
 * An instance is not thread-safe; each source has its own.
 */
public final class RecordParser {
    private static final long MAX_SECONDS = Long.MAX_VALUE / 1000 - 1;
    static final byte ENRICHED_SEPARATOR = 0x1d;

    // Keys packed as key() packs them: compared as one number each, not byte by byte (a third of the
    // parse time went to comparing keys).
    private static final long PID = key("pid");
    private static final long UID = key("uid");
    private static final long SES = key("ses");
    private static final long SIG = key("sig");
    private static final long EXE = key("exe");
    private static final long AUID = key("auid");
    private static final long ARCH = key("arch");
    private static final long COMM = key("comm");
    private static final long CODE = key("code");
    private static final long COMPAT = key("compat");
    private static final long SYSCALL = key("syscall");
    /** Longer keys are none of the above. */
    private static final int KEY_MAX = 7;

    private final StringCache strings = new StringCache();
    private final RecentTails recent = new RecentTails();

    /**
     * Parses one record from text (tests, one-off use), or returns null when it is not a well-formed record.
     * The text is taken as UTF-8, as a log file's bytes are read.
     */
    public static AuditRecord parse(CharSequence text) {
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        return new RecordParser().parse(bytes, 0, bytes.length);
    }

    /** Parses the record in {@code b[from, to)}, or returns null when it is not a well-formed record. */
    public AuditRecord parse(byte[] b, int from, int to) {
        return parseAt(b, AuditLine.open(b, from, to), to);
    }

    /** The same for a line whose first {@code audit(} is at {@code open} ({@link AuditLine#open}; -1: none). */
    public AuditRecord parseAt(byte[] b, int open, int to) {
        if (open < 0) return null;
        int i = open + AuditLine.AUDIT_OPEN.length;
        int close = AuditLine.stampEnd(b, i, to);
        if (close < 0) return null;
        int dot = Bytes.indexOf(b, i, close, (byte) '.');
        int colon = Bytes.indexOf(b, dot, close, (byte) ':');
        long seconds = Bytes.decimal(b, i, dot);
        long millis = Bytes.decimal(b, dot + 1, colon);
        long serial = Bytes.decimal(b, colon + 1, close);
        // The kernel writes milliseconds as three digits; seconds that would overflow a millisecond count are
        // not a kernel's (found by fuzzing).
        if (seconds < 0 || seconds > MAX_SECONDS || millis < 0 || millis > 999 || serial < 0) return null;

        long epochMillis = seconds * 1000 + millis;
        AuditRecord same = recent.find(b, close + 1, to);
        if (same != null) return same.restamped(serial, epochMillis);

        long pid = -1, auid = -1, uid = -1, ses = -1, arch = -1, syscall = -1, code = -1;
        int sig = -1, compat = -1;
        String comm = null, exe = null;

        i = close + 1;
        if (i < to && b[i] == ':') i++;
        while (i < to) {
            byte c = b[i];
            if (c == ENRICHED_SEPARATOR || c == '\n') break;
            if (c == ' ') {
                i++;
                continue;
            }
            // the key runs to '=' (or a space: then it is not a field); packed on the way
            long key = 1;
            int eq = i;
            while (eq < to && b[eq] != '=' && b[eq] != ' ') {
                key = key << 8 | (b[eq] & 0xff);
                eq++;
            }
            if (eq >= to || b[eq] != '=') {
                i = eq;
                continue;
            }
            if (eq - i > KEY_MAX) key = 0;
            int vs = eq + 1;
            int ve;
            boolean quoted = vs < to && b[vs] == '"';
            if (quoted) {
                ve = Bytes.indexOf(b, vs + 1, to, (byte) '"');
                if (ve < 0) return null;
            } else {
                ve = vs;
                while (ve < to && b[ve] != ' ' && b[ve] != ENRICHED_SEPARATOR && b[ve] != '\n') ve++;
            }
            if (key == PID) pid = Bytes.decimal(b, vs, ve);
            else if (key == SYSCALL) syscall = Bytes.decimal(b, vs, ve);
            else if (key == ARCH) arch = Bytes.number(b, vs, ve, 16);
            else if (key == SES) ses = Bytes.decimal(b, vs, ve);
            else if (key == EXE) exe = strings.untrusted(b, vs, ve, quoted);
            else if (key == COMM) comm = strings.untrusted(b, vs, ve, quoted);
            else if (key == COMPAT) compat = (int) Bytes.decimal(b, vs, ve);
            else if (key == CODE) code = hexNumber(b, vs, ve);
            else if (key == AUID) auid = Bytes.decimal(b, vs, ve);
            else if (key == UID) uid = Bytes.decimal(b, vs, ve);
            else if (key == SIG) sig = (int) Bytes.decimal(b, vs, ve);
            i = quoted ? ve + 1 : ve;
        }
        if (pid < 0 || arch < 0 || syscall < 0) return null;
        AuditRecord record = new AuditRecord(serial, epochMillis, pid, auid, uid, ses, comm, exe, sig, arch,
                syscall, compat, code);
        recent.remember(b, close + 1, to, record);
        return record;
    }

    private static long hexNumber(byte[] b, int from, int to) {
        if (to - from > 2 && b[from] == '0' && b[from + 1] == 'x') return Bytes.number(b, from + 2, to, 16);
        return Bytes.number(b, from, to, 16);
    }

    /** A key of up to KEY_MAX bytes as one number: a leading 1, then its bytes (so lengths differ too). */
    private static long key(String k) {
        long packed = 1;
        for (byte c : ascii(k)) packed = packed << 8 | (c & 0xff);
        return packed;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
