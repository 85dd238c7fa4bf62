package dev.syscage.policy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.Node;

/** Reads the optional metadata section; every key in it is optional too. */
final class MetadataReader {
    private static final Set<String> KEYS = Set.of("command", "exe", "kernel", "source", "records",
            "lost", "loss", "complete", "tool", "created", "warnings");
    private static final Set<String> LOSS_KEYS = Set.of("method", "count", "how");

    private final YamlSource source;

    MetadataReader(YamlSource source) {
        this.source = source;
    }

    Metadata read(Node node) throws PolicyException {
        if (YamlSource.isNull(node)) {
            return Metadata.NONE;
        }
        Map<String, YamlEntry> m = source.mapping(node, "metadata");
        checkKeys(m, KEYS, "metadata");
        return new Metadata(strings(m.get("command"), "metadata.command"),
                string(m.get("exe"), "metadata.exe"),
                string(m.get("kernel"), "metadata.kernel"),
                string(m.get("source"), "metadata.source"),
                number(m.get("records"), "metadata.records"),
                number(m.get("lost"), "metadata.lost"),
                losses(m.get("loss")),
                m.containsKey("complete") && source.bool(m.get("complete").value(), "metadata.complete"),
                string(m.get("tool"), "metadata.tool"),
                instant(m.get("created")),
                strings(m.get("warnings"), "metadata.warnings"));
    }

    private void checkKeys(Map<String, YamlEntry> m, Set<String> known, String what) throws PolicyException {
        for (YamlEntry e : m.values()) {
            if (!known.contains(e.key()) && !e.key().startsWith("x-")) {
                throw source.error(e.keyNode(), "unknown key '" + e.key() + "' in " + what + "; use one"
                        + " of " + new TreeSet<>(known) + " (or an x- prefix for extensions)");
            }
        }
    }

    /** metadata.loss: a list of {method: NAME, count: N[, how: TEXT]}; files written before it existed have none. */
    private List<Metadata.Loss> losses(YamlEntry e) throws PolicyException {
        List<Metadata.Loss> out = new ArrayList<>();
        if (e == null) {
            return out;
        }
        for (Node item : source.sequence(e.value(), "metadata.loss")) {
            Map<String, YamlEntry> m = source.mapping(item, "an item of metadata.loss");
            checkKeys(m, LOSS_KEYS, "metadata.loss");
            String method = string(m.get("method"), "metadata.loss.method");
            if (method == null || method.isEmpty() || !m.containsKey("count")) {
                throw source.error(item, "an item of metadata.loss needs a method and a count; write it"
                        + " like {method: serial-gap, count: 0}");
            }
            out.add(new Metadata.Loss(method, number(m.get("count"), "metadata.loss.count"),
                    string(m.get("how"), "metadata.loss.how")));
        }
        return out;
    }

    private String string(YamlEntry e, String what) throws PolicyException {
        return e == null ? null : source.string(e.value(), what);
    }

    private long number(YamlEntry e, String what) throws PolicyException {
        return e == null ? 0 : source.number(e.value(), what, 0, Long.MAX_VALUE);
    }

    private List<String> strings(YamlEntry e, String what) throws PolicyException {
        List<String> out = new ArrayList<>();
        if (e != null) {
            for (Node item : source.sequence(e.value(), what)) {
                String s = source.string(item, what);
                out.add(s == null ? "" : s);
            }
        }
        return out;
    }

    private Instant instant(YamlEntry e) throws PolicyException {
        String text = string(e, "metadata.created");
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException ex) {
            throw source.error(e.value(), "metadata.created is not a date and time: '" + text
                    + "'; write it like 2026-11-22T15:30:00Z");
        }
    }
}
