package dev.syscage.policy;

import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.stream.Collectors;

/**
 * Writes the canonical text of a profile: fixed key order, sorted syscalls, one per line, so two
 * runs of the same program give identical files and reviews see only real changes.
 */
final class ProfileWriter {
    static final String HEADER = "# syscage profile: syscalls allowed in the init phase"
            + " (loader, libc start-up) and the main phase";

    private final StringBuilder out = new StringBuilder();

    static String write(Profile p) {
        return new ProfileWriter().profile(p).out.toString();
    }

    private ProfileWriter profile(Profile p) {
        line(0, HEADER);
        line(0, "schema: " + ProfileReader.SCHEMA);
        line(0, "arch: " + p.arch().seccompName());
        line(0, "phases:");
        for (Phase phase : Phase.values()) {
            refList(1, phase.key(), p.phase(phase));
        }
        if (!p.baseline().isEmpty()) {
            line(0, "# allowed in every phase besides the lists above (syscage profile --no-baseline: none)");
            refList(0, "baseline", p.baseline().calls());
        }
        // Hand-written policies stay as short as they were written.
        if (p.counts().values().stream().anyMatch(m -> !m.isEmpty())) {
            line(0, "counts:");
            countsByPhase(1, p.counts());
        }
        if (p.coverage().present()) {
            line(0, "coverage:");
            line(1, "runs: " + p.coverage().runs());
            countsByPhase(1, p.coverage().used());
        }
        if (!p.processes().isEmpty()) {
            line(0, "processes:");
            for (ProcessUsage u : p.processes()) {
                process(u);
            }
        }
        if (!p.metadata().isNone()) {
            metadata(p.metadata());
        }
        return this;
    }

    private void refList(int depth, String key, SortedSet<SyscallRef> refs) {
        if (refs.isEmpty()) {
            line(depth, key + ": []");
            return;
        }
        line(depth, key + ":");
        // Block list items at the key's own indentation, as in the documented format.
        refs.forEach(r -> line(depth, "- " + YamlText.ref(r)));
    }

    private void countsByPhase(int depth, Map<Phase, SortedMap<SyscallRef, Long>> counts) {
        for (Phase phase : Phase.values()) {
            SortedMap<SyscallRef, Long> m = counts.get(phase);
            if (m.isEmpty()) {
                line(depth, phase.key() + ": {}");
                continue;
            }
            line(depth, phase.key() + ":");
            m.forEach((ref, n) -> line(depth + 1, YamlText.ref(ref) + ": " + n));
        }
    }

    private void process(ProcessUsage u) {
        String first = u.exe() == null ? "- processes: " + u.processes()
                : "- exe: " + YamlText.string(u.exe(), false);
        line(0, first);
        if (u.exe() != null) {
            line(1, "processes: " + u.processes());
        }
        countsByPhase(1, u.counts());
    }

    private void metadata(Metadata m) {
        line(0, "metadata:");
        line(1, "command: [" + m.command().stream().map(s -> YamlText.string(s, true))
                .collect(Collectors.joining(", ")) + "]");
        optional("exe", m.exe());
        optional("kernel", m.kernel());
        optional("source", m.source());
        line(1, "records: " + m.records());
        line(1, "lost: " + m.lost());
        if (m.loss().isEmpty()) {
            line(1, "loss: []");
        } else {
            line(1, "loss:");
            m.loss().forEach(l -> line(1, "- {method: " + YamlText.string(l.method(), true) + ", count: "
                    + l.count() + (l.how() == null ? "" : ", how: " + YamlText.string(l.how(), true)) + "}"));
        }
        line(1, "complete: " + m.complete());
        optional("tool", m.tool());
        if (m.created() != null) {
            line(1, "created: " + m.created()); // ISO-8601, reads back as a timestamp
        }
        if (m.warnings().isEmpty()) {
            line(1, "warnings: []");
        } else {
            line(1, "warnings:");
            m.warnings().forEach(w -> line(1, "- " + YamlText.string(w, false)));
        }
    }

    private void optional(String key, String value) {
        if (value != null) {
            line(1, key + ": " + YamlText.string(value, false));
        }
    }

    private void line(int depth, String text) {
        out.append("  ".repeat(depth)).append(text).append('\n');
    }
}
