package dev.syscage.phase;

import dev.syscage.nativeparts.NativeContract;
import dev.syscage.nativeparts.NativeContract.Marker;
import dev.syscage.record.AuditRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;

/**
 * Decides, record by record, whether a SECCOMP record belongs to one profiling run and to which phase.
 *
 * <p>The run is recognised by audit session ids, which the kernel allocates (no process chooses its own) and copies
 * to every child exactly as it copies seccomp filters. Knowing the run's token is worth nothing: every marker counts
 * only from where the kernel says the run is. The init session is the launcher's (from its report when live, from
 * its START marker in a log); a main-phase session joins the run only through a MAIN marker whose process sent a
 * CROSS marker from a session of the run just before, and the run ends only at the two END markers of its end
 * key ({@link EndMarks}). The protocol is in native/README.md. Records must be fed in the order the kernel
 * delivered them.
 */
public final class SessionTracker implements Attribution {
    private static final int LEFT_SHOWN = 5;

    private final int token;
    private final OwnCalls own;
    /** Live: the init session comes from the launcher's report only, never from a marker. */
    private final boolean live;
    private final EndMarks end;

    // volatile and concurrent: sessions() is read from other threads (ending a run early) while records come in
    private volatile long initSession = -1;
    private long rootPid = -1;
    private volatile boolean started;
    private boolean startSeen;
    private boolean ended;
    /** A log without KEY markers (an older syscage): its MAIN and END markers cannot be checked. */
    private boolean unauthenticated;
    private final Set<Long> mainSessions = ConcurrentHashMap.newKeySet();
    /**
     * Processes that crossed the boundary, by pid and executable. Their records that still carry the init
     * session come from threads that existed before the constructor (another library's constructor started
     * them): writing the login uid renews the session of the calling thread only, but TSYNC put those
     * threads under the main-phase filter too. It also covers a process whose constructor could not start
     * a session at all.
     */
    private final Set<Process> mainProcesses = new HashSet<>();
    /** Processes between their CROSS and MAIN markers: the session and executable of the CROSS. */
    private final Map<Long, Crossing> crossing = new HashMap<>();
    /** The executable of each process of the run, as its last record in a session of the run showed it. */
    private final Map<Long, String> runProcesses = new HashMap<>();
    private long lastPid = -1;
    private String lastExe;
    /** Processes of the run seen in a session the run does not know, with how many records they made there. */
    private final Map<Process, Long> left = new LinkedHashMap<>();
    /** The session each of them moved to: their later records there count whatever they execute. */
    private final Map<Long, Long> leftTo = new HashMap<>();

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

    private record Crossing(long ses, String exe) {
    }

    /** The constructor's close still to come, per pid: the session and ABI of its MAIN marker. */
    private final Map<Long, Pending> bookkeepingClose = new HashMap<>();

    private record Pending(long ses, long arch) {
    }
    private final List<String> warnings = new ArrayList<>();

    private SessionTracker(int token, OwnCalls own, boolean live, EndMarks end) {
        this.token = token;
        this.own = own;
        this.live = live;
        this.end = end;
    }

    /**
     * For a run on this machine, which syscage started: the run starts at {@link #expect} (the launcher's
     * report), and its END markers carry {@code endKey} and come from a process {@code endSender} accepts (the
     * {@code --mark-end} processes syscage started).
     *
     * @param own the preload library's own calls, which are not the program's
     */
    public static SessionTracker live(int token, long endKey, LongPredicate endSender, OwnCalls own) {
        return new SessionTracker(token, own, true, EndMarks.known(endKey, endSender));
    }

    /**
     * For a run in a log (from any machine): the run starts at its first START marker, and its end key is what
     * the launcher announced right after it. Markers are recognised on any ABI that is not a compat one, since the
     * native parts make them through the native ABI of wherever they ran.
     *
     * @param own the preload library's own calls, which are not the program's
     */
    public static SessionTracker ofLog(int token, OwnCalls own) {
        return new SessionTracker(token, own, false, EndMarks.announced());
    }

    /**
     * Starts the run from what the launcher reported ({@code --report}): its audit session and pid. A live run's
     * START marker counts only when it carries exactly these, and its records are recognised even when a lossy
     * source dropped the marker.
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
        if (marker.isPresent()) return onMarker(marker.get(), r);
        if (!started) return Verdict.OTHER;
        long ses = r.ses();
        Crossing c = crossing.get(r.pid());
        if (c != null && c.ses() == ses && Objects.equals(c.exe(), r.exe()) && own.atBoundary(r.arch(), r.syscall())) {
            ofRun(r);
            return Verdict.BOOKKEEPING; // the constructor installing its filter and writing the login uid
        }
        if (mainSessions.contains(ses)
                || ses == initSession && mainProcesses.contains(new Process(r.pid(), r.exe()))) {
            ofRun(r);
            return bookkeeping(r) ? Verdict.BOOKKEEPING : Verdict.MAIN;
        }
        if (ses == initSession) {
            ofRun(r);
            return Verdict.INIT;
        }
        leftTheRun(r);
        return Verdict.OTHER;
    }

    /** Remembers the process of a record of the run (cheaply: records of one process come in runs). */
    private void ofRun(AuditRecord r) {
        if (r.pid() == lastPid && Objects.equals(r.exe(), lastExe)) return;
        lastPid = r.pid();
        lastExe = r.exe();
        runProcesses.put(lastPid, lastExe);
    }

    /**
     * A record of another session from a process of the run, still running the same program: the process wrote
     * its own /proc/self/loginuid (pam_loginuid, a nested syscage) and its calls, and its children's, now carry a
     * session that no marker of the run names. Its pid alone cannot prove it is the same process (a pid is reused
     * once a process exits), so its calls are not taken, but the profile says they are missing.
     */
    private void leftTheRun(AuditRecord r) {
        String exe = runProcesses.get(r.pid());
        Long to = leftTo.get(r.pid());
        if (to != null && to == r.ses()) {
            left.merge(new Process(r.pid(), exe), 1L, Long::sum);
        } else if (exe != null && exe.equals(r.exe())) {
            leftTo.put(r.pid(), r.ses());
            left.merge(new Process(r.pid(), exe), 1L, Long::sum);
        }
    }

    /**
     * The constructor's own close (native/README.md, "Markers", step 6): the first record of the marker's thread
     * after the marker, recognised by the pid and the session the marker carried.
     */
    private boolean bookkeeping(AuditRecord r) {
        Pending pending = bookkeepingClose.get(r.pid());
        if (pending == null || pending.ses() != r.ses()) return false;
        bookkeepingClose.remove(r.pid());
        return r.arch() == pending.arch() && own.afterMain(r.arch(), r.syscall());
    }

    private boolean inRun(long ses) {
        return started && (ses == initSession || mainSessions.contains(ses));
    }

    private boolean fromLauncher(AuditRecord r) {
        return started && r.ses() == initSession && r.pid() == rootPid;
    }

    private Verdict onMarker(Marker m, AuditRecord r) {
        boolean ours = m.token() == token;
        return switch (m.kind()) {
            case START -> ours ? start(r) : Verdict.OTHER;
            // Live, syscage knows the key already; from a log, the launcher's first two KEY markers announce it.
            case KEY -> fromLauncher(r) && (live || end.announce(m.token())) ? Verdict.MARKER : Verdict.OTHER;
            case CROSS -> {
                if (!ours || !inRun(r.ses())) yield Verdict.OTHER;
                crossing.put(r.pid(), new Crossing(r.ses(), r.exe()));
                yield Verdict.MARKER;
            }
            case MAIN -> ours ? main(r) : Verdict.OTHER;
            case END -> end(m.token(), r);
            // made by syscage beside the run, not by it: nothing to learn
            case NUDGE -> ours && started ? Verdict.MARKER : Verdict.OTHER;
        };
    }

    private Verdict start(AuditRecord r) {
        if (startSeen) return Verdict.OTHER; // a second START with this token is not this run's
        if (live) {
            // The session comes from the launcher's report, which it wrote before this marker.
            if (!started || r.ses() != initSession || r.pid() != rootPid) return Verdict.OTHER;
        } else if (started) {
            return Verdict.OTHER;
        }
        if (r.ses() == AuditRecord.UNSET) {
            warnings.add("the launcher could not start its own audit session; records of other programs "
                    + "without one may have been counted");
        }
        started = true;
        startSeen = true;
        initSession = r.ses();
        rootPid = r.pid();
        return Verdict.MARKER;
    }

    private Verdict main(AuditRecord r) {
        Crossing c = crossing.remove(r.pid());
        boolean crossed = c != null && Objects.equals(c.exe(), r.exe());
        if (!crossed) {
            // Only a log of an older syscage, whose constructors sent no CROSS, takes a MAIN on trust.
            if (!started || end.known() || live) return Verdict.OTHER;
            legacy();
        }
        mainProcesses.add(new Process(r.pid(), r.exe()));
        if (r.ses() == (crossed ? c.ses() : initSession)) {
            warnings.add("process " + r.pid() + " (" + r.exe() + ") could not start its own audit session "
                    + "at the phase boundary (it lacks CAP_AUDIT_CONTROL); the children it started later "
                    + "are counted in the " + (r.ses() == initSession ? "init" : "main") + " phase");
        } else {
            mainSessions.add(r.ses());
        }
        bookkeepingClose.put(r.pid(), new Pending(r.ses(), r.arch()));
        return Verdict.MARKER;
    }

    private Verdict end(int payload, AuditRecord r) {
        if (!started || ended) return Verdict.OTHER;
        if (!end.known()) {
            // An older syscage's END carried the token; no KEY marker announced a key to check it against.
            if (live || payload != token) return Verdict.OTHER;
            legacy();
            ended = true;
            return Verdict.END;
        }
        return switch (end.end(r.pid(), payload)) {
            case NOT_OURS -> Verdict.OTHER;
            case HALFWAY -> Verdict.MARKER;
            case ENDED -> {
                ended = true;
                yield Verdict.END;
            }
        };
    }

    private void legacy() {
        if (unauthenticated) return;
        unauthenticated = true;
        warnings.add("the run's launcher announced no end key (a log of a syscage older than its KEY markers): "
                + "its MAIN and END markers could not be authenticated, and another local user who knew the run's "
                + "token could have forged them");
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

    /** True once the run's END arrived: every record of the run has been seen. */
    public boolean ended() {
        return ended;
    }

    /** Records the run's processes made after they left for a session syscage does not follow. */
    public long leftRecords() {
        return left.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public long rootPid() {
        return rootPid;
    }

    @Override
    public List<String> warnings() {
        List<String> all = new ArrayList<>(warnings);
        if (!left.isEmpty()) {
            all.add(left.size() + " process(es) of the run moved to an audit session of their own (they wrote "
                    + "/proc/self/loginuid: pam_loginuid, a nested syscage) and went on making calls that are not in "
                    + "the profile: " + left.entrySet().stream().limit(LEFT_SHOWN)
                            .map(e -> "pid " + e.getKey().pid() + " (" + e.getKey().exe() + ", " + e.getValue()
                                    + " records)")
                            .collect(Collectors.joining(", "))
                    + (left.size() > LEFT_SHOWN ? ", …" : "") + "; profile such a program on its own");
        }
        return List.copyOf(all);
    }
}
