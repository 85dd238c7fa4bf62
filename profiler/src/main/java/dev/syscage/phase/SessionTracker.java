package dev.syscage.phase;

import dev.syscage.nativeparts.NativeContract;
import dev.syscage.nativeparts.NativeContract.Marker;
import dev.syscage.nativeparts.NativeContract.MarkerKind;
import dev.syscage.record.AuditRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, record by record, whether a SECCOMP record belongs to one profiling run and to which phase.
 *
 * <p>The run is recognised by audit session ids, which the kernel copies to every child exactly as it
 * copies seccomp filters: the launcher's START marker names the init-phase session, and each MAIN
 * marker (one per process that crossed the phase boundary) a main-phase session. The marker protocol
 * is in native/README.md. Records must be fed in the order the kernel delivered them.
 */
public final class SessionTracker {
    private final int token;
    private final long nativeAuditArch;
    private final long closeNumber;

    private long initSession = -1;
    private long rootPid = -1;
    private boolean started;
    private boolean ended;
    private final Set<Long> mainSessions = new HashSet<>();
    /**
     * Processes that crossed the boundary, by pid and executable. Their records that still carry the init
     * session come from threads that existed before the constructor (another library's constructor started
     * them): writing the login uid renews the session of the calling thread only, but TSYNC put those
     * threads under the main-phase filter too. It also covers a process whose constructor could not start
     * a session at all.
     */
    private final Set<Process> mainProcesses = new HashSet<>();

    private record Process(long pid, String exe) {
    }
    private final Map<Long, Long> bookkeepingClose = new HashMap<>();
    private final List<String> warnings = new ArrayList<>();

    /**
     * @param nativeAuditArch the AUDIT_ARCH value of this machine's ABI; markers are only made through it
     * @param closeNumber     the number of {@code close} on that ABI (the library's own bookkeeping call)
     */
    public SessionTracker(int token, long nativeAuditArch, long closeNumber) {
        this.token = token;
        this.nativeAuditArch = nativeAuditArch;
        this.closeNumber = closeNumber;
    }

    public Verdict accept(AuditRecord r) {
        Optional<Marker> marker = r.arch() == nativeAuditArch && r.compat() != 1
                ? NativeContract.decodeMarker(r.syscall()) : Optional.empty();
        if (marker.isPresent()) {
            return marker.get().token() == token ? onMarker(marker.get().kind(), r) : Verdict.OTHER;
        }
        if (!started) return Verdict.OTHER;
        long ses = r.ses();
        if (mainSessions.contains(ses)
                || ses == initSession && mainProcesses.contains(new Process(r.pid(), r.exe()))) {
            return bookkeeping(r) ? Verdict.BOOKKEEPING : Verdict.MAIN;
        }
        return ses == initSession ? Verdict.INIT : Verdict.OTHER;
    }

    /**
     * The constructor's own close (native/README.md, step 4): the first record of the marker's thread
     * after the marker, recognised by the pid and the session the marker carried.
     */
    private boolean bookkeeping(AuditRecord r) {
        Long pending = bookkeepingClose.get(r.pid());
        if (pending == null || pending != r.ses()) return false;
        bookkeepingClose.remove(r.pid());
        return r.syscall() == closeNumber && r.arch() == nativeAuditArch;
    }

    private Verdict onMarker(MarkerKind kind, AuditRecord r) {
        switch (kind) {
            case START -> {
                if (r.ses() == AuditRecord.UNSET) {
                    warnings.add("the launcher could not start its own audit session; records of other programs "
                            + "without one may have been counted");
                }
                started = true;
                initSession = r.ses();
                rootPid = r.pid();
            }
            case MAIN -> {
                mainProcesses.add(new Process(r.pid(), r.exe()));
                if (r.ses() == initSession || !started) {
                    warnings.add("process " + r.pid() + " (" + r.exe() + ") could not start its own audit session "
                            + "at the phase boundary (it lacks CAP_AUDIT_CONTROL); the children it started later "
                            + "are counted in the init phase");
                } else {
                    mainSessions.add(r.ses());
                }
                bookkeepingClose.put(r.pid(), r.ses());
            }
            case END -> ended = true;
        }
        return Verdict.MARKER;
    }

    public boolean started() {
        return started;
    }

    /** True once the END marker arrived: every record of the run has been seen. */
    public boolean ended() {
        return ended;
    }

    public long rootPid() {
        return rootPid;
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }
}
