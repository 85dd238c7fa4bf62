package dev.syscage.phase;

import dev.syscage.policy.Phase;
import dev.syscage.policy.ProcessUsage;
import dev.syscage.policy.SyscallRef;
import dev.syscage.record.AuditRecord;
import dev.syscage.syscalls.Arch;
import dev.syscage.syscalls.SyscallTable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How often each syscall was made in each phase, in total and per executable. Holds counts, never
 * records, so memory stays flat however long the run. Names are resolved once, at the end.
 */
public final class PhaseCounts {
    private final Usage total = new Usage();
    private final Map<String, Usage> byExe = new HashMap<>();
    private long records;

    private static final class Usage {
        final Map<Phase, Map<Long, long[]>> calls = new EnumMap<>(Phase.class);
        final Set<Long> pids = new HashSet<>();
        long records;

        void add(Phase phase, AuditRecord r) {
            records++;
            calls.computeIfAbsent(phase, p -> new HashMap<>())
                    .computeIfAbsent(key(r.arch(), r.syscall()), k -> new long[1])[0]++;
        }
    }

    /** One syscall of one ABI, packed in a long: the AUDIT_ARCH value and the number. */
    private static long key(long arch, long syscall) {
        return arch << 32 | (syscall & 0xffffffffL);
    }

    public void add(Phase phase, AuditRecord r) {
        records++;
        total.add(phase, r);
        Usage usage = byExe.computeIfAbsent(r.exe() == null ? "?" : r.exe(), e -> new Usage());
        usage.add(phase, r);
        usage.pids.add(r.pid());
    }

    public long records() {
        return records;
    }

    /** Distinct syscalls seen so far in {@code phase}, for the live status line. */
    public int distinct(Phase phase) {
        Map<Long, long[]> calls = total.calls.get(phase);
        return calls == null ? 0 : calls.size();
    }

    /** The counts by phase, named for a profile of {@code profileArch}. Unknown ABIs are reported in {@code warnings}. */
    public Map<Phase, Map<SyscallRef, Long>> named(Arch profileArch, SyscallTable table, List<String> warnings) {
        return name(total, profileArch, table, warnings);
    }

    /** The executables seen, most records first. */
    public List<String> exes() {
        return byExe.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue().records, a.getValue().records))
                .map(Map.Entry::getKey).toList();
    }

    public List<ProcessUsage> processes(Arch profileArch, SyscallTable table) {
        List<ProcessUsage> out = new ArrayList<>();
        new TreeMap<>(byExe).forEach((exe, usage) -> {
            Map<Phase, Map<SyscallRef, Long>> named = name(usage, profileArch, table, new ArrayList<>());
            Map<Phase, java.util.SortedMap<SyscallRef, Long>> sorted = new EnumMap<>(Phase.class);
            named.forEach((phase, counts) -> sorted.put(phase, new TreeMap<>(counts)));
            out.add(new ProcessUsage(exe, usage.pids.size(), sorted));
        });
        return out;
    }

    private static Map<Phase, Map<SyscallRef, Long>> name(Usage usage, Arch profileArch, SyscallTable table,
            List<String> warnings) {
        Map<Phase, Map<SyscallRef, Long>> out = new EnumMap<>(Phase.class);
        for (Phase phase : Phase.values()) {
            Map<SyscallRef, Long> named = new TreeMap<>();
            usage.calls.getOrDefault(phase, Map.of()).forEach((key, count) -> {
                long arch = key >>> 32;
                long number = key & 0xffffffffL;
                var abi = Arch.ofRecord(arch, number);
                if (abi.isEmpty()) {
                    warnings.add(String.format("%d calls of syscall %d through an unknown ABI (arch=%x) are not "
                            + "in the profile", count[0], number, arch));
                    return;
                }
                named.merge(SyscallRef.of(profileArch, abi.get(), number, table), count[0], Long::sum);
            });
            out.put(phase, named);
        }
        return out;
    }
}
