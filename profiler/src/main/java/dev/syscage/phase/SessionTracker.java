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
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongUnaryOperator;

/**
 * Decides, record by record, whether a SECCOMP record belongs to one profiling run and to which phase.
 *
 * <p>The run is recognised by audit session ids, which the kernel copies to every child exactly as it
 * copies seccomp filters: the launcher's START marker names the init-phase session, and each MAIN
 * marker (one per process that crossed the phase boundary) a main-phase session. The marker protocol
 * is in native/README.md. Records must be fed in the order the kernel delivered them.
 */
public final class SessionTracker implements Attribution {
    private final int token;
    private final LongUnaryOperator closeNumberOf;

    // volatile and concurrent: sessions() is read from other threads (ending a run early) while records come in
    private volatile long initSession = -1;
    private long rootPid = -1;
    private volatile boolean started;
    private boolean startSeen;
    private boolean ended;
    private final Set<Long> mainSessions = ConcurrentHashMap.newKeySet();
    /**
     * Processes that crossed the boundary, by pid and executable. Their records that still carry the init
     * session come from threads that existed before the constructor (another library's constructor started
     * them): writing the login uid renews the session of the calling thread only, but TSYNC put those
     * threads under the main-phase filter too. It also covers a process whose constructor could not start
     * a session at all.
     */
    private final Set<Process> mainProcesses = new HashSet<>();

    private record Process(long pid, String exe) {
        // Written out: a record's generated equals and hashCode build their method handles on first use, which
        // took 20 ms of the collector's CPU at the first MAIN marker, while the target was starting beside it.
        @Override
        public boolean equals(Object o) {
            return o instanceof Process p && p.pid == pid && Objects.equals(p.exe, exe);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(pid) * 31 + Objects.hashCode(exe);
        }
    }
    /** The constructor's close still to come, per pid: the session and ABI of its MAIN marker. */
    private final Map<Long, Pending> bookkeepingClose = new HashMap<>();

    private record Pending(long ses, long arch) {
    }
    private final List<String> warnings = new ArrayList<>();

    /**
     * For a run on this machine.
     *
     * @param nativeAuditArch the AUDIT_ARCH value of this machine's ABI
     * @param closeNumber     the number of {@code close} on that ABI (the library's own bookkeeping call)
     */
    public SessionTracker(int token, long nativeAuditArch, long closeNumber) {
        this(token, arch -> arch == nativeAuditArch ? closeNumber : -1);
    }

    /**
     * For a run on any machine (a log from elsewhere): markers are recognised on any ABI that is not a
     * compat one, since the native parts make them through the native ABI of wherever they ran.
     *
     * @param closeNumberOf the number of {@code close} for an AUDIT_ARCH value, -1 if unknown
     */
    public SessionTracker(int token, LongUnaryOperator closeNumberOf) {
        this.token = token;
        this.closeNumberOf = closeNumberOf;
    }

    /**
     * Starts the run from what the launcher reported ({@code --report}) when its START marker did not
     * arrive (a lossy source dropped it): its records are recognised by their session all the same.
     */
    public void expect(long ses, long pid) {
        if (started) return;
        started = true;
        initSession = ses;
        rootPid = pid;
    }

    @Override
    public Verdict accept(AuditRecord r) {
        // A compat call (i386 on x86_64) of a marker's number is a call; x32 numbers lie above the markers'.
        Optional<Marker> marker = r.compat() != 1 ? NativeContract.decodeMarker(r.syscall()) : Optional.empty();
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
        Pending pending = bookkeepingClose.get(r.pid());
        if (pending == null || pending.ses() != r.ses()) return false;
        bookkeepingClose.remove(r.pid());
        return r.arch() == pending.arch() && r.syscall() == closeNumberOf.applyAsLong(r.arch());
    }

    private Verdict onMarker(MarkerKind kind, AuditRecord r) {
        switch (kind) {
            case START -> {
                // A second START with this token is another run's (a log may hold many); the first one may
                // come after the launcher's report started the run.
                if (startSeen) return Verdict.OTHER;
                if (r.ses() == AuditRecord.UNSET) {
                    warnings.add("the launcher could not start its own audit session; records of other programs "
                            + "without one may have been counted");
                }
                started = true;
                startSeen = true;
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
                bookkeepingClose.put(r.pid(), new Pending(r.ses(), r.arch()));
            }
            case END -> ended = true;
            case NUDGE -> {
                // made by syscage beside the run, not by it: nothing to learn
            }
        }
        return Verdict.MARKER;
    }

    public boolean started() {
        return started;
    }

    /** True when the START marker itself arrived (not only the launcher's report). */
    public boolean startSeen() {
        return startSeen;
    }

    /** The token of the run's markers. */
    public int token() {
        return token;
    }

    /** The audit sessions of the run so far: the init one and every main one. Safe from any thread. */
    public Set<Long> sessions() {
        Set<Long> all = new HashSet<>(mainSessions);
        if (started) all.add(initSession);
        return all;
    }

    /** True once the END marker arrived: every record of the run has been seen. */
    public boolean ended() {
        return ended;
    }

    @Override
    public long rootPid() {
        return rootPid;
    }

    @Override
    public List<String> warnings() {
        return List.copyOf(warnings);
    }
}
