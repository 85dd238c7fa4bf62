package dev.syscage.policy;

/**
 * Text that came from a program or a file (an executable's path, a command line, a name in a profile), made
 * safe to print on one terminal line: control characters (C0, DEL, C1), the Unicode line and paragraph
 * separators and the bidirectional overrides are written as escapes, and so is the backslash, so that the
 * result reads back unambiguously. A program named "x\n\e[2Jsyscage: ok" then cannot add a line of its own to
 * syscage's output or drive the terminal.
 */
public final class Printable {
    private Printable() {
    }

    public static String of(Object value) {
        String s = String.valueOf(value);
        int i = 0;
        while (i < s.length() && !special(s.charAt(i))) i++;
        if (i == s.length()) return s;
        StringBuilder out = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!special(c)) {
                out.append(c);
                continue;
            }
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\033' -> out.append("\\e");
                default -> out.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    private static boolean special(char c) {
        return c < 0x20 || c == '\\' || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
    }
}
