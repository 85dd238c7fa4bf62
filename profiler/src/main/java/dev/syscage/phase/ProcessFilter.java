package dev.syscage.phase;

import dev.syscage.nativeparts.NativeContract;
import dev.syscage.record.AuditRecord;
import java.util.List;
import java.util.Set;

/**
 * Attribution without markers (a log of a program syscage did not start): the records of the processes
 * the user named, by pid, executable or command name, every one in the MAIN phase. That is the safe side:
 * enforcement allows init ∪ main before exec and main after, so a call learned as main is allowed
 * throughout, while one wrongly learned as init only would kill the program once main starts.
 *
 * @param pids  accepted pids; empty: any
 * @param exes  accepted executables (exe=); empty: any
 * @param comms accepted command names (comm=); empty: any
 */
public record ProcessFilter(Set<Long> pids, Set<String> exes, Set<String> comms) implements Attribution {
    public static final ProcessFilter ANY = new ProcessFilter(Set.of(), Set.of(), Set.of());

    public ProcessFilter {
        pids = Set.copyOf(pids);
        exes = Set.copyOf(exes);
        comms = Set.copyOf(comms);
    }

    /** True when the record is of a process the filter names (every kind given must match). */
    public boolean matches(AuditRecord r) {
        return (pids.isEmpty() || pids.contains(r.pid())) && (exes.isEmpty() || exes.contains(r.exe()))
                && (comms.isEmpty() || comms.contains(r.comm()));
    }

    public boolean isAny() {
        return pids.isEmpty() && exes.isEmpty() && comms.isEmpty();
    }

    @Override
    public Verdict accept(AuditRecord r) {
        if (!matches(r)) return Verdict.OTHER;
        // Another syscage run's marker is not a call of the program's.
        return r.compat() != 1 && NativeContract.decodeMarker(r.syscall()).isPresent() ? Verdict.MARKER : Verdict.MAIN;
    }

    @Override
    public List<String> warnings() {
        return List.of("no syscage phase marker was found for these records, so every call is in the main phase "
                + "(allowed from start to end); profile the program with syscage profile to split init and main");
    }
}
