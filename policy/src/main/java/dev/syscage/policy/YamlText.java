package dev.syscage.policy;

import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Scalar spelling for the writer: plain where that reads back as the same string (keeps files
 * diff-friendly), double-quoted otherwise.
 */
final class YamlText {
    private static final Resolver RESOLVER = new Resolver();

    private YamlText() {
    }

    /** A string value; {@code inFlow} for items of {@code [a, b]} lists. */
    static String string(String s, boolean inFlow) {
        return isPlain(s, inFlow) && RESOLVER.resolve(NodeId.scalar, s, true).equals(Tag.STR)
                ? s : quoted(s);
    }

    /** A syscall: names are plain; numbers plain ints, which the reader accepts as well. */
    static String ref(SyscallRef ref) {
        String text = ref.text();
        return ref.isNumber() && ref.abi() == null ? text : string(text, true);
    }

    private static boolean isPlain(String s, boolean inFlow) {
        if (s.isEmpty() || s.strip().length() != s.length()) {
            return false;
        }
        char first = s.charAt(0);
        boolean safeStart = Character.isLetterOrDigit(first) || "_./+".indexOf(first) >= 0
                || (first == '-' && s.length() > 1 && s.charAt(1) != ' ');
        if (!safeStart || s.endsWith(":") || s.contains(": ") || s.contains(" #")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || (inFlow && ",[]{} ".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    static String quoted(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\t': b.append("\\t"); break;
                case '\r': b.append("\\r"); break;
                default:
                    // Controls, YAML's extra line breaks and BOM would not survive literally.
                    if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029
                            || c == 0xfeff || (c >= 0x80 && c < 0xa0)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.append('"').toString();
    }
}
