package dev.syscage.run;

import dev.syscage.record.AuditRecord;
import dev.syscage.source.LibC;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The live processes of a run: the target, its descendants, and every process in one of the run's audit
 * sessions (/proc/PID/sessionid, inherited by every descendant). Daemons that double-forked away from the
 * target are found both ways: syscage is their subreaper, so they become its children rather than init's.
 */
final class RunProcesses {
    static final Path PROC = Path.of("/proc");

    private RunProcesses() {
    }

    /** Processes in one of {@code sessions}, sorted. */
    static List<Long> inSessions(Set<Long> sessions) {
        Set<Long> out = new TreeSet<>();
        Set<Long> own = new TreeSet<>(sessions);
        // Never the unset session, syscage's own or an unknown one (-1, which sessionOf also gives every process
        // of a kernel without audit): each would take in processes that are not the run's.
        own.remove(AuditRecord.UNSET);
        own.remove(sessionOf(PROC.resolve("self")));
        own.removeIf(ses -> ses < 0);
        if (own.isEmpty()) return List.of();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(PROC, p -> p.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path p : procs) {
                if (own.contains(sessionOf(p))) out.add(Long.parseLong(p.getFileName().toString()));
            }
        } catch (IOException e) {
            // /proc unreadable: no process found this way
        }
        return List.copyOf(out);
    }

    /** The audit session of the process at {@code proc} (/proc/PID), or -1 when it is gone or unknown. */
    private static long sessionOf(Path proc) {
        try {
            return Long.parseLong(Files.readString(proc.resolve("sessionid")).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Puts syscage's own memory out of the run's reach: a process of the run has syscage's user, so with an allowed
     * {@code openat} and {@code write} it could write into {@code /proc/SYSCAGE/mem} (or ptrace it) and change what
     * syscage enforces or records. A process that is not dumpable can be opened that way only with CAP_SYS_PTRACE.
     */
    static void shield() {
        LibC.prctl(LibC.PR_SET_DUMPABLE, 0, 0, 0, 0);
    }

    /**
     * Makes syscage the subreaper of what it starts: a process whose parent exits is reparented to syscage, so
     * a double-forked daemon stays among syscage's descendants.
     */
    static void adoptOrphans() {
        LibC.prctl(LibC.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    }

    /**
     * The target if alive, syscage's other descendants (the run's orphans: syscage runs one target at a time),
     * and the processes in {@code sessions}. Orphans that have exited are reaped here: syscage adopted them, and
     * nobody else will.
     */
    static List<Long> of(ProcessHandle target, Set<Long> sessions) {
        Set<Long> out = new TreeSet<>(inSessions(sessions));
        if (target != null && target.isAlive()) out.add(target.pid());
        ProcessHandle.current().descendants().filter(d -> !RunGuard.isGuard(d)).forEach(d -> out.add(d.pid()));
        out.remove(ProcessHandle.current().pid());
        out.removeIf(pid -> {
            if (!"Z".equals(state(pid))) return false;
            // the target is reaped by its Process; the adopted are ours
            if (target == null || pid != target.pid()) LibC.waitpid((int) (long) pid, null, LibC.WNOHANG);
            return true;
        });
        return List.copyOf(out);
    }

    /**
     * What is left of a run after its target exited: processes in {@code sessions} and the orphans syscage adopted.
     * A daemon's own audit session becomes known only when its MAIN marker arrives, which can be after the run's
     * END; as an orphan it is syscage's child all the same.
     */
    static List<Long> left(Set<Long> sessions) {
        return of(null, sessions);
    }

    /** Sends {@code signal} to each of {@code pids}; returns how many took it (the others were gone). */
    static int signal(List<Long> pids, int signal) {
        int sent = 0;
        for (long pid : pids) {
            if (LibC.kill((int) pid, signal) == 0) sent++;
        }
        return sent;
    }

    /** The process group of {@code pid}, or -1 when it is gone. */
    static long group(long pid) {
        String[] stat = stat(pid);
        try {
            return stat == null ? -1 : Long.parseLong(stat[2]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The state letter of {@code pid} (R, S, Z, …), or null when it is gone. */
    private static String state(long pid) {
        String[] stat = stat(pid);
        return stat == null ? null : stat[0];
    }

    /** The fields of /proc/PID/stat after the command name (state first), or null when it is gone. */
    private static String[] stat(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
