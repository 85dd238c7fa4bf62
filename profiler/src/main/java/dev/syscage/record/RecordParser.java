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
    static final byte ENRICHED_SEPARATOR = 0x1d;

    private static final byte[] PID = ascii("pid");
    private static final byte[] UID = ascii("uid");
    private static final byte[] SES = ascii("ses");
    private static final byte[] SIG = ascii("sig");
    private static final byte[] EXE = ascii("exe");
    private static final byte[] AUID = ascii("auid");
    private static final byte[] ARCH = ascii("arch");
    private static final byte[] COMM = ascii("comm");
    private static final byte[] CODE = ascii("code");
    private static final byte[] COMPAT = ascii("compat");
    private static final byte[] SYSCALL = ascii("syscall");

    private final StringCache strings = new StringCache();

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
        int open = Bytes.indexOf(b, from, to, AuditLine.AUDIT_OPEN);
        if (open < 0) return null;
        int i = open + AuditLine.AUDIT_OPEN.length;
        int dot = Bytes.indexOf(b, i, to, (byte) '.');
        int colon = Bytes.indexOf(b, i, to, (byte) ':');
        int close = Bytes.indexOf(b, i, to, (byte) ')');
        if (dot < 0 || colon < 0 || close < 0 || !(dot < colon && colon < close)) return null;
        long seconds = Bytes.number(b, i, dot, 10);
        long millis = Bytes.number(b, dot + 1, colon, 10);
        long serial = Bytes.number(b, colon + 1, close, 10);
        if (seconds < 0 || millis < 0 || serial < 0) return null;

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
            int eq = i;
            while (eq < to && b[eq] != '=' && b[eq] != ' ') eq++;
            if (eq >= to || b[eq] != '=') {
                i = eq;
                continue;
            }
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
            switch (eq - i) {
                case 3 -> {
                    if (Bytes.equals(b, i, PID)) pid = Bytes.number(b, vs, ve, 10);
                    else if (Bytes.equals(b, i, UID)) uid = Bytes.number(b, vs, ve, 10);
                    else if (Bytes.equals(b, i, SES)) ses = Bytes.number(b, vs, ve, 10);
                    else if (Bytes.equals(b, i, SIG)) sig = (int) Bytes.number(b, vs, ve, 10);
                    else if (Bytes.equals(b, i, EXE)) exe = strings.untrusted(b, vs, ve, quoted);
                }
                case 4 -> {
                    if (Bytes.equals(b, i, AUID)) auid = Bytes.number(b, vs, ve, 10);
                    else if (Bytes.equals(b, i, ARCH)) arch = Bytes.number(b, vs, ve, 16);
                    else if (Bytes.equals(b, i, COMM)) comm = strings.untrusted(b, vs, ve, quoted);
                    else if (Bytes.equals(b, i, CODE)) code = hexNumber(b, vs, ve);
                }
                case 6 -> {
                    if (Bytes.equals(b, i, COMPAT)) compat = (int) Bytes.number(b, vs, ve, 10);
                }
                case 7 -> {
                    if (Bytes.equals(b, i, SYSCALL)) syscall = Bytes.number(b, vs, ve, 10);
                }
                default -> {
                }
            }
            i = quoted ? ve + 1 : ve;
        }
        if (pid < 0 || arch < 0 || syscall < 0) return null;
        return new AuditRecord(serial, seconds * 1000 + millis, pid, auid, uid, ses, comm, exe, sig, arch,
                syscall, compat, code);
    }

    private static long hexNumber(byte[] b, int from, int to) {
        if (to - from > 2 && b[from] == '0' && b[from + 1] == 'x') return Bytes.number(b, from + 2, to, 16);
        return Bytes.number(b, from, to, 16);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
