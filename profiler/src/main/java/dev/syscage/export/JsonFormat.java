package dev.syscage.export;

import dev.syscage.policy.Coverage;
import dev.syscage.policy.Metadata;
import dev.syscage.policy.Phase;
import dev.syscage.policy.ProcessUsage;
import dev.syscage.policy.Profile;
import dev.syscage.policy.SyscallRef;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * The whole profile as JSON, with the YAML file's keys, for tools that do not read YAML. Each phase lists what
 * is enforced in it, the baseline included, so a tool that reads only {@code phases} allows what syscage does.
 */
final class JsonFormat implements Exporter {
    @Override
    public String name() {
        return "json";
    }

    @Override
    public Set<Phase> phases() {
        return Allowlist.BOTH;
    }

    @Override
    public String why() {
        return "the profile itself (allowlist, baseline, counts, processes, metadata) for tools that read JSON, so"
                + " both phases, kept apart as in the profile, each with the baseline";
    }

    @Override
    public String render(Profile profile, ExportOptions options) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", 1);
        root.put("arch", profile.arch().seccompName());
        Map<String, Object> phases = new LinkedHashMap<>();
        for (Phase p : Phase.values()) {
            phases.put(p.key(), Allowlist.of(profile, EnumSet.of(p)).stream().map(SyscallRef::text).toList());
        }
        root.put("phases", phases);
        root.put("baseline", profile.baseline().calls().stream().map(SyscallRef::text).toList());
        root.put("counts", byPhase(profile.counts()));
        Coverage coverage = profile.coverage();
        if (coverage.present()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("runs", coverage.runs());
            c.putAll(byPhase(coverage.used()));
            root.put("coverage", c);
        }
        List<Object> processes = new ArrayList<>();
        for (ProcessUsage u : profile.processes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("exe", u.exe());
            m.put("processes", u.processes());
            m.putAll(byPhase(u.counts()));
            processes.add(m);
        }
        root.put("processes", processes);
        root.put("metadata", metadata(profile.metadata()));
        return JsonText.write(root);
    }

    private static Map<String, Object> byPhase(Map<Phase, SortedMap<SyscallRef, Long>> counts) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Phase p : Phase.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            counts.get(p).forEach((ref, n) -> m.put(ref.text(), n));
            out.put(p.key(), m);
        }
        return out;
    }

    private static Map<String, Object> metadata(Metadata m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("command", m.command());
        out.put("exe", m.exe());
        out.put("kernel", m.kernel());
        out.put("source", m.source());
        out.put("records", m.records());
        out.put("lost", m.lost());
        List<Map<String, Object>> loss = new ArrayList<>();
        for (Metadata.Loss l : m.loss()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("method", l.method());
            entry.put("count", l.count());
            if (l.how() != null) entry.put("how", l.how());
            loss.add(entry);
        }
        out.put("loss", loss);
        out.put("complete", m.complete());
        out.put("tool", m.tool());
        out.put("created", m.created() == null ? null : m.created().toString());
        out.put("warnings", m.warnings());
        return out;
    }
}
