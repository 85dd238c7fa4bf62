package dev.syscage.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed access to a composed YAML tree. Every failure names the line of the offending node, which
 * is why the reader walks SnakeYAML nodes instead of binding to objects.
 */
final class YamlSource {
    private static final Pattern NUMBER = Pattern.compile("[-+]?[0-9]{1,18}");
    private final String name;

    YamlSource(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    static int line(Node node) {
        return node == null ? 0 : node.getStartMark().getLine() + 1;
    }

    PolicyException error(Node node, String detail) {
        return new PolicyException(name, line(node), detail);
    }

    /** True for an explicitly empty value ({@code key:}, {@code ~}, {@code null}). */
    static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    /** The entries of a mapping by key, refusing non-scalar and repeated keys. */
    Map<String, YamlEntry> mapping(Node node, String what) throws PolicyException {
        if (!(node instanceof MappingNode)) {
            throw error(node, what + " must be a mapping (key: value lines), not " + kind(node)
                    + "; see the format in the syscage documentation");
        }
        Map<String, YamlEntry> entries = new LinkedHashMap<>();
        for (NodeTuple t : ((MappingNode) node).getValue()) {
            Node k = t.getKeyNode();
            if (!(k instanceof ScalarNode)) {
                throw error(k, "a key in " + what + " is " + kind(k) + "; keys must be plain words");
            }
            String key = ((ScalarNode) k).getValue();
            YamlEntry previous = entries.put(key, new YamlEntry(key, k, t.getValueNode()));
            if (previous != null) {
                throw error(k, "'" + key + "' appears twice in " + what + " (first on line "
                        + line(previous.keyNode()) + "); remove one of them");
            }
        }
        return entries;
    }

    /** A list's items; an empty value counts as an empty list (hand-written {@code init:}). */
    List<Node> sequence(Node node, String what) throws PolicyException {
        if (isNull(node)) {
            return List.of();
        }
        if (!(node instanceof SequenceNode)) {
            throw error(node, what + " must be a list ('- item' lines or [a, b]), not " + kind(node)
                    + "; rewrite it as a list");
        }
        return ((SequenceNode) node).getValue();
    }

    /** A scalar's text, or null for an empty value. */
    String string(Node node, String what) throws PolicyException {
        if (isNull(node)) {
            return null;
        }
        if (!(node instanceof ScalarNode)) {
            throw error(node, what + " must be a single value, not " + kind(node)
                    + "; write it on the same line as its key");
        }
        return ((ScalarNode) node).getValue();
    }

    /** A whole number from {@code min} to {@code max}. */
    long number(Node node, String what, long min, long max) throws PolicyException {
        String text = string(node, what);
        if (text == null || !NUMBER.matcher(text).matches()) {
            throw error(node, what + " must be a whole number, not '" + text + "'; write digits only");
        }
        long n = Long.parseLong(text);
        if (n < min || n > max) {
            throw error(node, what + " is " + n + ", out of range; use " + min + " to " + max);
        }
        return n;
    }

    boolean bool(Node node, String what) throws PolicyException {
        String text = string(node, what);
        if ("true".equals(text) || "false".equals(text)) {
            return "true".equals(text);
        }
        throw error(node, what + " must be true or false, not '" + text + "'; write true or false");
    }

    static String kind(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return isNull(node) ? "empty" : "a single value";
    }
}
