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
import java.util.SortedMap;
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
        final CallCounts[] calls = new CallCounts[Phase.values().length];
        final Set<Long> pids = new HashSet<>();
        long lastPid = -1;
        long records;

        void add(Phase phase, AuditRecord r) {
            records++;
            CallCounts c = calls[phase.ordinal()];
            if (c == null) c = calls[phase.ordinal()] = new CallCounts();
            c.increment(key(r.arch(), r.syscall()));
        }

        /** Records come in runs of one process: a set lookup only when the process changes. */
        void pid(long pid) {
            if (pid == lastPid) return;
            pids.add(pid);
            lastPid = pid;
        }
    }

    /** The executable of the last record and its usage: records come in runs of one executable. */
    private String lastExe;
    private Usage lastUsage;

    /** One syscall of one ABI, packed in a long: the AUDIT_ARCH value and the number. */
    private static long key(long arch, long syscall) {
        return arch << 32 | (syscall & 0xffffffffL);
    }

    public void add(Phase phase, AuditRecord r) {
        records++;
        total.add(phase, r);
        String exe = r.exe() == null ? "?" : r.exe();
        Usage usage = lastUsage;
        if (!exe.equals(lastExe)) {
            usage = byExe.computeIfAbsent(exe, e -> new Usage());
            lastExe = exe;
            lastUsage = usage;
        }
        usage.add(phase, r);
        usage.pid(r.pid());
    }

    public long records() {
        return records;
    }

    /** Distinct syscalls seen so far in {@code phase}, for the live status line. */
    public int distinct(Phase phase) {
        CallCounts calls = total.calls[phase.ordinal()];
        return calls == null ? 0 : calls.size();
    }

    /** The counts by phase, named for a profile of {@code profileArch}. Unknown ABIs are reported in {@code warnings}. */
    public Map<Phase, Map<SyscallRef, Long>> named(Arch profileArch, SyscallTable table, List<String> warnings) {
        return new EnumMap<Phase, Map<SyscallRef, Long>>(name(total, profileArch, table, new HashMap<>(), warnings));
    }

    /** The executables seen, most records first. */
    public List<String> exes() {
        return byExe.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue().records, a.getValue().records))
                .map(Map.Entry::getKey).toList();
    }

    public List<ProcessUsage> processes(Arch profileArch, SyscallTable table) {
        List<ProcessUsage> out = new ArrayList<>();
        Map<Long, SyscallRef> refs = new HashMap<>(); // one per call, shared by the executables
        new TreeMap<>(byExe).forEach((exe, usage) -> out.add(new ProcessUsage(exe, usage.pids.size(),
                name(usage, profileArch, table, refs, new ArrayList<>()))));
        return out;
    }

    private static Map<Phase, SortedMap<SyscallRef, Long>> name(Usage usage, Arch profileArch, SyscallTable table,
            Map<Long, SyscallRef> refs, List<String> warnings) {
        Map<Phase, SortedMap<SyscallRef, Long>> out = new EnumMap<>(Phase.class);
        for (Phase phase : Phase.values()) {
            SortedMap<SyscallRef, Long> named = new TreeMap<>();
            CallCounts calls = usage.calls[phase.ordinal()];
            if (calls != null) {
                calls.forEach((key, count) -> {
                    long arch = key >>> 32;
                    long number = key & 0xffffffffL;
                    var abi = Arch.ofRecord(arch, number);
                    if (abi.isEmpty()) {
                        warnings.add(String.format("%d calls of syscall %d through an unknown ABI (arch=%x) are not "
                                + "in the profile", count, number, arch));
                        return;
                    }
                    SyscallRef ref = refs.computeIfAbsent(key, k -> SyscallRef.of(profileArch, abi.get(), number, table));
                    named.merge(ref, count, Long::sum);
                });
            }
            out.put(phase, named);
        }
        return out;
    }
}
