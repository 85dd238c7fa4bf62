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
            "lost", "complete", "tool", "created", "warnings");

    private final YamlSource source;

    MetadataReader(YamlSource source) {
        this.source = source;
    }

    Metadata read(Node node) throws PolicyException {
        if (YamlSource.isNull(node)) {
            return Metadata.NONE;
        }
        Map<String, YamlEntry> m = source.mapping(node, "metadata");
        for (YamlEntry e : m.values()) {
            if (!KEYS.contains(e.key()) && !e.key().startsWith("x-")) {
                throw source.error(e.keyNode(), "unknown key '" + e.key() + "' in metadata; use one"
                        + " of " + new TreeSet<>(KEYS) + " (or an x- prefix for extensions)");
            }
        }
        return new Metadata(strings(m.get("command"), "metadata.command"),
                string(m.get("exe"), "metadata.exe"),
                string(m.get("kernel"), "metadata.kernel"),
                string(m.get("source"), "metadata.source"),
                number(m.get("records"), "metadata.records"),
                number(m.get("lost"), "metadata.lost"),
                m.containsKey("complete") && source.bool(m.get("complete").value(), "metadata.complete"),
                string(m.get("tool"), "metadata.tool"),
                instant(m.get("created")),
                strings(m.get("warnings"), "metadata.warnings"));
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
