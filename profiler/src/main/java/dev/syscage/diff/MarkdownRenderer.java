package dev.syscage.diff;

import dev.syscage.policy.Printable;
import java.util.List;

/** The diff as GitHub-flavoured Markdown, for a pull-request comment. */
public final class MarkdownRenderer {
    public String render(ProfileDiff d) {
        StringBuilder out = new StringBuilder();
        out.append("### syscage diff: `").append(Printable.of(d.oldName())).append("` → `")
                .append(Printable.of(d.newName())).append("` (")
                .append(d.arch()).append(")\n\n");
        out.append(d.risky().isEmpty() ? "" : "**Risky:** ").append(DiffRows.summary(d)).append("\n");
        List<DiffRows.Row> rows = DiffRows.rows(d);
        if (!rows.isEmpty()) {
            out.append("\n| phase | change | syscall | note |\n| --- | --- | --- | --- |\n");
            for (DiffRows.Row r : rows) {
                out.append("| ").append(r.phase()).append(" | ").append(r.kind()).append(" | `").append(r.syscall())
                        .append("` | ").append(r.note().isEmpty() ? "" : "**" + cell(r.note()) + "**").append(" |\n");
            }
        }
        List<DiffRows.ProcessRow> processes = DiffRows.processRows(d);
        if (!processes.isEmpty()) {
            out.append("\n<details><summary>Per process</summary>\n\n| process | phase | change | syscalls |\n")
                    .append("| --- | --- | --- | --- |\n");
            for (DiffRows.ProcessRow r : processes) {
                out.append("| ").append(cell(r.process())).append(" | ").append(r.phase()).append(" | ")
                        .append(r.kind()).append(" | ").append(syscalls(r.syscalls())).append(" |\n");
            }
            out.append("\n</details>\n");
        }
        return out.toString();
    }

    /** Each syscall as code: "`a` `b`". */
    private static String syscalls(String spaced) {
        return "`" + spaced.replace(" ", "` `") + "`";
    }

    /** A table cell cannot hold a pipe or a line break. */
    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
