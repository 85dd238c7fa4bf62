package dev.syscage.run;

import dev.syscage.loss.Evidence;
import dev.syscage.loss.LossMethod;
import dev.syscage.loss.LossReport;
import dev.syscage.nativeparts.NativeContract;
import dev.syscage.nativeparts.NativeContract.Marker;
import dev.syscage.nativeparts.NativeContract.MarkerKind;
import dev.syscage.phase.OwnCalls;
import dev.syscage.phase.ProcessFilter;
import dev.syscage.phase.SessionCounts;
import dev.syscage.phase.SessionTracker;
import dev.syscage.policy.Profile;
import dev.syscage.record.AuditRecord;
import dev.syscage.source.FileSource;
import dev.syscage.syscalls.Arch;
import dev.syscage.syscalls.SyscallTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A profile from saved logs. In one pass over the records, every syscage run in the log (each START marker)
 * is followed by its own {@link SessionTracker}, exactly as live profiling follows one, and so are the
 * records of the processes the user named, without markers. Then one is chosen: the run asked for by
 * token, else the run with the most records, else (no markers) the named processes' records, all in the
 * main phase. Memory holds counts per run, never records.
 *
 * <p>A profile of a run is complete only when the log holds its START and its END, and that START once: a
 * second START with the same token may be forged (the token is no secret) or another run's, and a run whose
 * MAIN or CROSS markers are there without its START began in an older file that was not given.
 */
public final class LogProfile {
    private static final int RUNS_LISTED = 5;

    /** What to profile: a run by its marker token (null: the largest), and only these processes. */
    public record Options(OptionalInt session, ProcessFilter filter) {
    }

    /**
     * The profile, or null with {@code problem} saying why there is none; {@code chosen} says what was
     * profiled and how to pick something else.
     */
    public record Result(Profile profile, LossReport loss, String lossAdvice, String chosen, String problem) {
    }

    private final SyscallTable table;
    private final Options options;
    /** A syscage run found in the log, by its markers' token and its launcher's pid. */
    private record Run(int token, long pid, SessionTracker tracker, SessionCounts counts) {
        long records() {
            return counts.counts().records();
        }
    }

    private final List<Run> runs = new ArrayList<>();
    private final List<Run> active = new ArrayList<>();
    private final SessionCounts unmarked;
    private final OwnCalls own;
    /** The tokens of every START marker seen, whether or not it was picked. */
    private final BitSet started = new BitSet(NativeContract.TOKEN_MAX + 1);
    /** MAIN and CROSS markers whose token had no START before them, and the first such token. */
    private long orphanMarkers;
    private int orphanToken = -1;

    private LogProfile(SyscallTable table, Options options) {
        this.table = table;
        this.options = options;
        this.unmarked = new SessionCounts(options.filter());
        this.own = OwnCalls.of(table);
    }

    public static Result build(FileSource files, Options options, SyscallTable table, String tool) {
        LogProfile p = new LogProfile(table, options);
        files.read(p::accept);
        return p.result(files, tool);
    }

    private void accept(AuditRecord r) {
        Optional<Marker> marker = r.compat() != 1 ? NativeContract.decodeMarker(r.syscall()) : Optional.empty();
        if (marker.isPresent()) {
            Marker m = marker.get();
            boolean wanted = options.session().isEmpty() || options.session().getAsInt() == m.token();
            if (m.kind() == MarkerKind.START) started.set(m.token());
            if (m.kind() == MarkerKind.START && wanted
                    && (options.filter().pids().isEmpty() || options.filter().pids().contains(r.pid()))) {
                // With markers, --pid picks the run by its launcher's pid; the run's records are its sessions'.
                ProcessFilter records = new ProcessFilter(Set.of(), options.filter().exes(), options.filter().comms());
                SessionTracker tracker = SessionTracker.ofLog(m.token(), own);
                Run run = new Run(m.token(), r.pid(), tracker, new SessionCounts(tracker, records));
                runs.add(run);
                active.add(run);
            } else if ((m.kind() == MarkerKind.MAIN || m.kind() == MarkerKind.CROSS) && wanted
                    && options.filter().matches(r) && !started.get(m.token())) {
                orphanMarkers++;
                if (orphanToken < 0) orphanToken = m.token();
            }
        }
        for (int i = active.size() - 1; i >= 0; i--) {
            SessionCounts run = active.get(i).counts();
            run.accept(r);
            if (run.ended()) active.remove(i); // as live profiling stops at the END marker
        }
        unmarked.accept(r);
    }

    private Result result(FileSource files, String tool) {
        String where = files.files().stream().map(p -> p.toString()).collect(Collectors.joining(", "));
        SessionCounts chosen;
        String why;
        List<Run> byRecords = runs.stream().sorted(Comparator.comparingLong(Run::records).reversed()).toList();
        List<String> warnings = new ArrayList<>(files.warnings());
        long markerLoss = 0;
        if (options.session().isPresent()) {
            if (byRecords.isEmpty()) {
                return problem("no syscage run with token " + options.session().getAsInt() + " in " + where
                        + (orphanMarkers > 0 ? "; its START marker is not in the files given: give the older "
                                + "(rotated) log files too" : "; leave out --session to see the runs there"));
            }
            chosen = byRecords.get(0).counts();
            why = "the syscage run with token " + byRecords.get(0).token();
        } else if (!byRecords.isEmpty() && byRecords.get(0).records() > 0) {
            Run best = byRecords.get(0);
            chosen = best.counts();
            why = byRecords.size() == 1 ? "the syscage run with token " + best.token()
                    : byRecords.size() + " syscage runs in the log; took the one with the most records, token "
                            + best.token() + " (" + best.records() + "); --session TOKEN picks another: "
                            + byRecords.subList(1, Math.min(byRecords.size(), RUNS_LISTED + 1)).stream()
                                    .map(run -> run.token() + " (" + run.records() + ")")
                                    .collect(Collectors.joining(", "));
            if (byRecords.size() > 1) warnings.add(why);
        } else {
            chosen = unmarked;
            why = "no syscage phase marker" + (options.filter().isAny() ? "" : " for these processes")
                    + ": every call in the main phase";
            if (chosen.counts().records() == 0) {
                return problem("no SECCOMP audit records" + (options.filter().isAny() ? "" : " of the processes given")
                        + " in " + where + "; check the files" + (options.filter().isAny() ? "" : " and --pid/--exe/--comm"));
            }
            List<String> exes = chosen.counts().exes();
            if (options.filter().isAny() && exes.size() > 1) {
                return problem("the log holds SECCOMP records of " + exes.size() + " programs (" + String.join(", ",
                        exes.subList(0, Math.min(exes.size(), RUNS_LISTED))) + (exes.size() > RUNS_LISTED ? ", …" : "")
                        + ") and no syscage phase marker; choose one with --exe, --comm or --pid");
            }
            if (orphanMarkers > 0) markerLoss++;
        }
        if (orphanMarkers > 0) {
            warnings.add(orphanMarkers + " MAIN or CROSS marker(s) of a syscage run (token " + orphanToken + ") came "
                    + "without the run's START marker, which is in an older log file: give the rotated files too "
                    + "(e.g. audit.log.1 audit.log)");
        }
        Run chosenRun = null;
        for (Run run : runs) {
            if (run.counts() == chosen) chosenRun = run;
        }
        if (chosenRun != null) {
            Run first = chosenRun;
            List<Run> same = runs.stream().filter(run -> run.token() == first.token()).toList();
            if (same.size() > 1) {
                markerLoss++;
                warnings.add("the log holds " + same.size() + " START markers with token " + first.token()
                        + " (launcher pids " + same.stream().limit(RUNS_LISTED).map(run -> Long.toString(run.pid()))
                                .collect(Collectors.joining(", ")) + "): another run's, or forged by a process that "
                        + "knew the token; this profile is of pid " + first.pid() + "'s, give --pid PID of the launcher "
                        + "to choose");
            }
        }
        LossReport loss = new LossReport();
        // Without its END marker a run may have gone on unseen up to the next record the log shows.
        long last = chosen.ended() || chosen == unmarked ? chosen.lastSerial() : files.openEnd(chosen.lastSerial());
        if (chosen.firstSerial() >= 0) loss.addAll(files.loss(chosen.firstSerial(), last));
        if (chosen != unmarked) {
            loss.add(new Evidence(LossMethod.MARKERS, markerLoss + (chosen.ended() ? 0 : 1)));
            if (!chosen.ended()) warnings.add("the log ends before the run's END marker; its last records may be missing");
        } else if (markerLoss > 0) {
            loss.add(new Evidence(LossMethod.MARKERS, markerLoss));
        }
        if (chosenRun != null) loss.add(new Evidence(LossMethod.LEFT_RUN, chosenRun.tracker().leftRecords()));
        if (!chosen.ended() && files.fromKernelLog() > 0) {
            warnings.add("records from the kernel log (dmesg, journalctl -k, syslog), which passes at most 10 audit "
                    + "lines per 5 s when no audit daemon runs, and no END marker: calls after the last record in "
                    + "the log may be missing");
        }
        Arch arch = arch(chosen);
        Profile profile = ProfileAssembly.build(chosen, arch, table, List.of(), null, "file: " + where, loss,
                warnings, tool, true);
        return new Result(profile, loss, files.lossAdvice(), why, null);
    }

    private static Result problem(String message) {
        return new Result(null, null, null, null, message);
    }

    /**
     * The profile's arch: the machine's own ABI as the records show it (non-compat records), else the host
     * of the compat ABI they used (i386 runs on x86_64), else this machine's.
     */
    private static Arch arch(SessionCounts run) {
        if (run.nativeArch() >= 0) {
            Optional<Arch> a = Arch.ofRecord(run.nativeArch(), 0);
            if (a.isPresent()) return a.get();
        }
        Optional<Arch> compat = Arch.ofRecord(run.compatArch(), 0);
        if (compat.isPresent()) {
            Optional<Arch> host = Arrays.stream(Arch.values()).filter(h -> h.secondaryAbis().contains(compat.get()))
                    .findFirst();
            if (host.isPresent()) return host.get();
        }
        return Arch.machine();
    }
}
