package dev.syscage.diff;

import dev.syscage.policy.Phase;
import dev.syscage.policy.Printable;
import dev.syscage.policy.SyscallRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The diff as rows and a summary: what the table and Markdown renderers both show. */
final class DiffRows {
    /** {@code kind} is "added", "removed" or "moved"; {@code note} the risk reason or "". */
    record Row(String phase, String kind, String syscall, String note) {
    }

    /** One executable's added or removed calls in one phase; {@code process} carries "(new)" or "(gone)". */
    record ProcessRow(String process, String phase, String kind, String syscalls) {
    }

    private DiffRows() {
    }

    static List<Row> rows(ProfileDiff d) {
        List<Row> out = new ArrayList<>();
        for (Phase p : Phase.values()) {
            ProfileDiff.Change c = d.phases().get(p);
            c.added().forEach(r -> out.add(new Row(p.key(), "added", r.text(), note(d, r))));
            c.removed().forEach(r -> out.add(new Row(p.key(), "removed", r.text(), "")));
        }
        d.baseline().added().forEach(r -> out.add(new Row("baseline", "added", r.text(), note(d, r))));
        d.baseline().removed().forEach(r -> out.add(new Row("baseline", "removed", r.text(), "")));
        for (ProfileDiff.Move m : d.moves()) {
            out.add(new Row(m.from().key() + "→" + m.to().key(), "moved", m.syscall().text(), note(d, m.syscall())));
        }
        return out;
    }

    static List<ProcessRow> processRows(ProfileDiff d) {
        List<ProcessRow> out = new ArrayList<>();
        for (ProfileDiff.ProcessDiff pd : d.processes()) {
            // an executable's path is the program's to choose: escaped, so it cannot break the line or drive the terminal
            String exe = Printable.of(pd.exe());
            String label = pd.status().equals("changed") ? exe : exe + " (" + pd.status() + ")";
            for (Map.Entry<Phase, ProfileDiff.Change> e : pd.phases().entrySet()) {
                row(out, label, e.getKey(), "added", e.getValue().added());
                row(out, label, e.getKey(), "removed", e.getValue().removed());
            }
        }
        return out;
    }

    private static void row(List<ProcessRow> out, String label, Phase phase, String kind, Set<SyscallRef> refs) {
        if (!refs.isEmpty()) {
            out.add(new ProcessRow(label, phase.key(), kind,
                    refs.stream().map(SyscallRef::text).collect(Collectors.joining(" "))));
        }
    }

    private static String note(ProfileDiff d, SyscallRef r) {
        Optional<ProfileDiff.Flag> f = d.risky().stream().filter(x -> x.syscall().equals(r)).findFirst();
        return f.map(x -> "risky: " + x.reason()).orElse("");
    }

    /** One line: counts per phase, moves, and the risky calls by name. */
    static String summary(ProfileDiff d) {
        if (d.same()) {
            return "same allowlist in both phases";
        }
        StringBuilder s = new StringBuilder();
        for (Phase p : Phase.values()) {
            ProfileDiff.Change c = d.phases().get(p);
            s.append(p.key()).append(" +").append(c.added().size()).append(" -").append(c.removed().size())
                    .append(", ");
        }
        if (!d.baseline().isEmpty()) {
            s.append("baseline +").append(d.baseline().added().size()).append(" -")
                    .append(d.baseline().removed().size()).append(", ");
        }
        s.append(d.moves().size()).append(" moved");
        s.append("; ").append(d.newlyAllowed().isEmpty() ? "nothing newly allowed"
                : d.newlyAllowed().size() + " newly allowed");
        if (!d.risky().isEmpty()) {
            s.append("; ").append(d.risky().size()).append(" risky: ").append(d.risky().stream()
                    .map(f -> f.syscall().text()).collect(Collectors.joining(", ")));
        }
        return s.toString();
    }
}
