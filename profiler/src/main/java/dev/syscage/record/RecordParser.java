package dev.syscage.record;

import java.util.HexFormat;

/**
 * Parses the text of a SECCOMP audit record into an {@link AuditRecord}.
 *
 * <p>Accepts the netlink payload ({@code audit(SEC.MS:SERIAL): key=value …}) and the same text behind
 * any prefix that the log writers put before it ({@code type=SECCOMP msg=}, {@code type=1326 },
 * {@code [ 12.3] audit: }). Text after a 0x1d byte (auditd's ENRICHED fields) is ignored: auditd writes
 * a wrong syscall name there for seccomp records, and syscage maps the number itself.
 *
 * <p>Hand-written rather than regex-based because it runs once per record at up to millions of
 * records a second; it never throws on bad input and returns null instead.
 */
public final class RecordParser {
    private static final char ENRICHED_SEPARATOR = 0x1d;

    private RecordParser() {
    }

    /** Parses one record, or returns null when the text is not a well-formed audit record. */
    public static AuditRecord parse(CharSequence text) {
        int n = text.length();
        int start = indexOf(text, "audit(", 0);
        if (start < 0) return null;
        int i = start + 6;
        int dot = indexOf(text, ".", i);
        int colon = indexOf(text, ":", i);
        int close = indexOf(text, ")", i);
        if (dot < 0 || colon < 0 || close < 0 || !(dot < colon && colon < close)) return null;
        long seconds = number(text, i, dot, 10);
        long millis = number(text, dot + 1, colon, 10);
        long serial = number(text, colon + 1, close, 10);
        if (seconds < 0 || millis < 0 || serial < 0) return null;

        long pid = -1, auid = -1, uid = -1, ses = -1, arch = -1, syscall = -1, code = -1;
        int sig = -1, compat = -1;
        String comm = null, exe = null;

        i = close + 1;
        if (i < n && text.charAt(i) == ':') i++;
        while (i < n) {
            char c = text.charAt(i);
            if (c == ENRICHED_SEPARATOR || c == '\n') break;
            if (c == ' ') {
                i++;
                continue;
            }
            int eq = i;
            while (eq < n && text.charAt(eq) != '=' && text.charAt(eq) != ' ') eq++;
            if (eq >= n || text.charAt(eq) != '=') {
                i = eq;
                continue;
            }
            int vs = eq + 1;
            int ve;
            boolean quoted = vs < n && text.charAt(vs) == '"';
            if (quoted) {
                ve = indexOf(text, "\"", vs + 1);
                if (ve < 0) return null;
            } else {
                ve = vs;
                while (ve < n && text.charAt(ve) != ' ' && text.charAt(ve) != ENRICHED_SEPARATOR
                        && text.charAt(ve) != '\n') {
                    ve++;
                }
            }
            switch (key(text, i, eq)) {
                case "pid" -> pid = number(text, vs, ve, 10);
                case "auid" -> auid = number(text, vs, ve, 10);
                case "uid" -> uid = number(text, vs, ve, 10);
                case "ses" -> ses = number(text, vs, ve, 10);
                case "sig" -> sig = (int) number(text, vs, ve, 10);
                case "arch" -> arch = number(text, vs, ve, 16);
                case "syscall" -> syscall = number(text, vs, ve, 10);
                case "compat" -> compat = (int) number(text, vs, ve, 10);
                case "code" -> code = hexNumber(text, vs, ve);
                case "comm" -> comm = untrusted(text, vs, ve, quoted);
                case "exe" -> exe = untrusted(text, vs, ve, quoted);
                default -> {
                }
            }
            i = quoted ? ve + 1 : ve;
        }
        if (pid < 0 || arch < 0 || syscall < 0) return null;
        return new AuditRecord(serial, seconds * 1000 + millis, pid, auid, uid, ses, comm, exe, sig, arch,
                syscall, compat, code);
    }

    private static String key(CharSequence text, int from, int to) {
        int len = to - from;
        // Only the keys syscage reads are materialised; everything else costs no allocation.
        if (len < 2 || len > 7) return "";
        return text.subSequence(from, to).toString();
    }

    /** comm= and exe= are quoted when printable, hex-encoded by the kernel otherwise. */
    private static String untrusted(CharSequence text, int from, int to, boolean quoted) {
        if (quoted) return text.subSequence(from + 1, to).toString();
        String raw = text.subSequence(from, to).toString();
        if (raw.equals("(null)")) return null;
        if (raw.length() % 2 == 0 && raw.chars().allMatch(ch -> digit(ch, 16) >= 0)) {
            byte[] bytes = HexFormat.of().parseHex(raw);
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        return raw;
    }

    private static long hexNumber(CharSequence text, int from, int to) {
        if (to - from > 2 && text.charAt(from) == '0' && (text.charAt(from + 1) == 'x')) {
            return number(text, from + 2, to, 16);
        }
        return number(text, from, to, 16);
    }

    /** A non-negative number in the given radix, or -1 when the text is not one. */
    private static long number(CharSequence text, int from, int to, int radix) {
        if (from >= to || to - from > 18) return -1;
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = digit(text.charAt(i), radix);
            if (d < 0) return -1;
            v = v * radix + d;
        }
        return v;
    }

    /** ASCII digits only: Character.digit also takes other scripts' digits, which no kernel writes. */
    private static int digit(int ch, int radix) {
        int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
        return d < radix ? d : -1;
    }

    private static int indexOf(CharSequence text, String needle, int from) {
        int n = text.length() - needle.length();
        outer:
        for (int i = Math.max(0, from); i <= n; i++) {
            for (int j = 0; j < needle.length(); j++) {
                if (text.charAt(i + j) != needle.charAt(j)) continue outer;
            }
            return i;
        }
        return -1;
    }
}
