package dev.syscage.run;

import dev.syscage.source.LibC;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Waits for a run's end and ends it early when asked: on a signal to syscage (passed on to the run's
 * processes; a second one kills them) or at the deadline of {@code --timeout} (SIGTERM to every process of
 * the run, SIGKILL to those left after a grace period). With a deadline the run lasts until its last
 * process is gone, so a daemon that outlived the target is waited for too; without one, until the target exits.
 */
final class Supervisor {
    static final int SIGKILL = 9;
    static final int SIGINT = 2;
    static final int SIGTERM = 15;
    /** How long processes get after SIGTERM before SIGKILL, as timeout(1)'s --kill-after would give. */
    static final Duration GRACE = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 50;

    private Process target;
    private final Supplier<Set<Long>> sessions;
    private final long deadline;
    private int signals;
    private int firstSignal;
    private boolean timedOut;
    private int signalled;
    private long killAt = Long.MAX_VALUE;

    /** Supervises the run of {@code sessions}; {@code timeout} null: none. */
    Supervisor(Supplier<Set<Long>> sessions, Duration timeout) {
        this.sessions = sessions;
        this.deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
    }

    /** Returns the target's exit status once the run is over (see the class comment). */
    int await(Process started) throws InterruptedException {
        synchronized (this) {
            target = started;
            // a signal that came while the target was being started has not reached it
            if (firstSignal != 0) RunProcesses.signal(List.of(started.pid()), firstSignal);
        }
        while (!target.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) tick();
        if (deadline != Long.MAX_VALUE) {
            while (!processes().isEmpty()) {
                tick();
                Thread.sleep(POLL_MILLIS);
            }
        }
        return target.exitValue();
    }

    synchronized Ending ending() {
        return new Ending(firstSignal, timedOut, signalled);
    }

    /** A second signal: the user does not want to wait, not even for the records still on their way. */
    synchronized boolean impatient() {
        return signals >= 2;
    }

    /** A signal to syscage (called on the JVM's signal thread). */
    synchronized void signal(int number) {
        signals++;
        if (signals > 1) {
            signalled += RunProcesses.signal(processes(), SIGKILL);
            return;
        }
        firstSignal = number;
        List<Long> pids = processes();
        if (number == SIGINT && inForeground()) {
            // Ctrl-C: the terminal sent SIGINT to syscage's whole process group, the target included; a second
            // one could cut short the target's own clean-up. Only processes that left the group need it.
            long group = LibC.getpgrp();
            pids = pids.stream().filter(p -> RunProcesses.group(p) != group).toList();
        }
        // No SIGKILL after a grace period here: a service may take its time to shut down cleanly, and a
        // second signal is there for the impatient.
        signalled += RunProcesses.signal(pids, number);
    }

    private synchronized void tick() {
        long now = System.nanoTime();
        if (now >= deadline && !timedOut) {
            timedOut = true;
            signalled += RunProcesses.signal(processes(), SIGTERM);
            killAt = now + GRACE.toNanos();
        } else if (now >= killAt) {
            signalled += RunProcesses.signal(processes(), SIGKILL);
            killAt = Long.MAX_VALUE;
        }
    }

    private List<Long> processes() {
        if (target == null) return RunProcesses.inSessions(sessions.get());
        return RunProcesses.of(target.toHandle(), sessions.get());
    }

    private static boolean inForeground() {
        return LibC.isatty(0) == 1 && LibC.tcgetpgrp(0) == LibC.getpgrp();
    }
}
