package dev.syscage.export;

import dev.syscage.policy.Phase;
import dev.syscage.policy.Profile;
import dev.syscage.policy.SyscallRef;
import dev.syscage.syscalls.Arch;
import dev.syscage.syscalls.SyscallTable;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * One row per phase and syscall allowed, for spreadsheets: the evidence beside the allowlist; a call of the
 * profile's baseline says so in the last column.
 */
final class CsvFormat implements Exporter {
    private static final CSVFormat CSV = CSVFormat.DEFAULT.builder()
            .setHeader("phase", "syscall", "number", "architecture", "count", "processes", "baseline")
            .setRecordSeparator('\n')
            .build();

    @Override
    public String name() {
        return "csv";
    }

    @Override
    public Set<Phase> phases() {
        return Allowlist.BOTH;
    }

    @Override
    public String why() {
        return "a table for spreadsheets and scripts, one row per phase and syscall allowed (with its number, count,"
                + " the executables that made it, and whether the baseline allows it), so both phases, each row naming"
                + " its own";
    }

    @Override
    public String render(Profile profile, ExportOptions options) {
        SyscallTable table = SyscallTable.get();
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSV)) {
            for (Phase phase : phases()) {
                for (SyscallRef ref : Allowlist.of(profile, EnumSet.of(phase))) {
                    Arch abi = ref.abi() == null ? profile.arch() : ref.abi();
                    Long count = profile.counts().get(phase).get(ref);
                    csv.printRecord(phase.key(), ref.name(), number(table, abi, ref), abi.seccompName(),
                            count == null ? "" : count, processes(profile, phase, ref),
                            profile.baseline().contains(ref) ? "yes" : "no");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String number(SyscallTable table, Arch abi, SyscallRef ref) {
        if (ref.isNumber()) {
            return ref.name();
        }
        var n = table.number(abi, ref.name());
        return n.isPresent() ? Long.toString(n.getAsLong()) : "";
    }

    /** The executables that made the call in that phase, ';'-separated (paths may hold blanks). */
    private static String processes(Profile profile, Phase phase, SyscallRef ref) {
        return profile.processes().stream()
                .filter(u -> u.counts().get(phase).containsKey(ref))
                .map(u -> u.exe() == null ? "?" : u.exe())
                .sorted()
                .collect(Collectors.joining(";"));
    }
}
