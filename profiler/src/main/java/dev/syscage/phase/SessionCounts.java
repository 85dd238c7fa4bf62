package dev.syscage.phase;

import dev.syscage.loss.SerialLedger;
import dev.syscage.policy.Phase;
import dev.syscage.record.AuditRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * One run as the records show it: which calls it made in which phase (through an {@link Attribution}),
 * and the range of audit serial numbers it spans, inside which any number the source never showed is a
 * lost record. Live profiling keeps one; offline parsing one per run found in the log.
 */
public final class SessionCounts {
    private final Attribution attribution;
    private final ProcessFilter filter;
    private final PhaseCounts counts = new PhaseCounts();
    private long firstSerial = -1;
    private long lastSerial = -1;
    private long endSerial = -1;
    private long rootPid = -1;
    private long nativeArch = -1;
    private long compatArch = -1;
    private volatile String rootExe;

    /**
     * @param filter only the records of these processes count (offline parsing with --pid/--exe/--comm);
     *               markers are always taken
     */
    public SessionCounts(Attribution attribution, ProcessFilter filter) {
        this.attribution = attribution;
        this.filter = filter;
    }

    public SessionCounts(Attribution attribution) {
        this(attribution, ProcessFilter.ANY);
    }

    /** Takes one record, in the order the kernel delivered them. */
    public void accept(AuditRecord r) {
        Verdict v = attribution.accept(r);
        switch (v) {
            case INIT, MAIN -> {
                if (!filter.matches(r)) return;
                counts.add(v == Verdict.INIT ? Phase.INIT : Phase.MAIN, r);
                span(r);
                if (rootPid < 0) rootPid = r.pid();
                long root = attribution.rootPid() >= 0 ? attribution.rootPid() : rootPid;
                if (r.pid() == root || rootExe == null) rootExe = r.exe();
            }
            case MARKER -> span(r);
            case END -> {
                span(r);
                if (endSerial < 0) endSerial = r.serial();
            }
            case BOOKKEEPING -> span(r);
            case OTHER -> {
            }
        }
    }

    private void span(AuditRecord r) {
        // Every record that is not a compat call is of the machine's own ABI: that is the profile's arch.
        if (r.compat() != 1) nativeArch = r.arch();
        else compatArch = r.arch();
        if (endSerial >= 0) return; // records after the END marker are not the run's
        // Serials are u32 and may wrap during the run: compared as the kernel's counter runs.
        if (firstSerial < 0 || SerialLedger.before(r.serial(), firstSerial)) firstSerial = r.serial();
        lastSerial = SerialLedger.later(lastSerial, r.serial());
    }

    public PhaseCounts counts() {
        return counts;
    }

    /** The first serial of the run (its START marker, or its first record when that was lost); -1 if none. */
    public long firstSerial() {
        return firstSerial;
    }

    /** The last serial of the run: its END marker's when that arrived, else its last record's. */
    public long lastSerial() {
        return endSerial >= 0 ? endSerial : lastSerial;
    }

    /** True when the END marker arrived. */
    public boolean ended() {
        return endSerial >= 0;
    }

    /** The AUDIT_ARCH value of the machine's own ABI as the run's records show it, -1 if none showed it. */
    public long nativeArch() {
        return nativeArch;
    }

    /** The AUDIT_ARCH value of the run's compat calls (i386 on x86_64), -1 if none. */
    public long compatArch() {
        return compatArch;
    }

    /** The executable of the run's first process (the target, once it exec'd). */
    public String rootExe() {
        return rootExe;
    }

    public List<String> warnings() {
        return new ArrayList<>(attribution.warnings());
    }
}
