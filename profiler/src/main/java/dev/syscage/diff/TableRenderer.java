package dev.syscage.diff;

import dev.syscage.policy.Printable;
import java.util.ArrayList;
import java.util.List;

/** The diff as an aligned table for a terminal; colour only when asked (a TTY without NO_COLOR). */
public final class TableRenderer {
    private static final String RESET = "\033[0m";
    private static final String GREEN = "\033[32m";
    private static final String RED = "\033[31m";
    private static final String YELLOW = "\033[33m";
    private static final String BOLD_RED = "\033[1;31m";

    private final boolean colour;

    public TableRenderer(boolean colour) {
        this.colour = colour;
    }

    public String render(ProfileDiff d) {
        StringBuilder out = new StringBuilder();
        out.append("syscage diff ").append(Printable.of(d.oldName())).append(" → ").append(Printable.of(d.newName()))
                .append(" (")
                .append(d.arch()).append(")\n");
        List<DiffRows.Row> rows = DiffRows.rows(d);
        if (!rows.isEmpty()) {
            List<String[]> cells = new ArrayList<>();
            cells.add(new String[] {"PHASE", "CHANGE", "SYSCALL", "NOTE"});
            rows.forEach(r -> cells.add(new String[] {r.phase(), r.kind(), r.syscall(), r.note()}));
            out.append('\n');
            table(out, cells, true);
        }
        List<DiffRows.ProcessRow> processes = DiffRows.processRows(d);
        if (!processes.isEmpty()) {
            List<String[]> cells = new ArrayList<>();
            cells.add(new String[] {"PROCESS", "PHASE", "CHANGE", "SYSCALLS"});
            processes.forEach(r -> cells.add(new String[] {r.process(), r.phase(), r.kind(), r.syscalls()}));
            out.append("\nper process:\n");
            table(out, cells, false);
        }
        out.append('\n').append(DiffRows.summary(d)).append('\n');
        return out.toString();
    }

    /** Pads every column but the last; colours by the CHANGE column (and NOTE when risky). */
    private void table(StringBuilder out, List<String[]> cells, boolean hasNote) {
        int columns = cells.get(0).length;
        int[] width = new int[columns];
        for (String[] row : cells) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], row[i].codePointCount(0, row[i].length()));
            }
        }
        int kindColumn = hasNote ? 1 : 2;
        for (int r = 0; r < cells.size(); r++) {
            String[] row = cells.get(r);
            String code = r == 0 ? "" : colourOf(row[kindColumn]);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                String cell = row[i];
                boolean last = i == columns - 1;
                String padded = last ? cell : cell + " ".repeat(width[i] - cell.codePointCount(0, cell.length()) + 2);
                if (hasNote && last && !cell.isEmpty() && r > 0) {
                    line.append(paint(BOLD_RED, cell));
                } else if (i == kindColumn && r > 0) {
                    line.append(paint(code, cell)).append(padded.substring(cell.length()));
                } else {
                    line.append(padded);
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }

    private static String colourOf(String kind) {
        return switch (kind) {
            case "added" -> GREEN;
            case "removed" -> RED;
            default -> YELLOW;
        };
    }

    private String paint(String code, String text) {
        return colour && !code.isEmpty() ? code + text + RESET : text;
    }
}
