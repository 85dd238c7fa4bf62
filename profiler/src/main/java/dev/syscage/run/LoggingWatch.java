package dev.syscage.run;

import dev.syscage.loss.Evidence;
import dev.syscage.loss.LossMethod;
import dev.syscage.source.AuditAccessException;
import dev.syscage.source.AuditRules;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Watches, while a run goes on, the two settings under which the kernel drops SECCOMP records without a trace
 * (before they take a serial, so no gap shows): {@code kernel.seccomp.actions_logged} and the audit exclude
 * list. Both are read before the run, polled during it on a thread of its own, and read once more after it;
 * a change undone between two polls goes unseen, and the profile says how often it looked. The kernel
 * writes a CONFIG_CHANGE record for actions_logged only while audit is enabled (auditctl -e 1), which it
 * mostly is not when no audit daemon runs, so polling is the check that always works (the netlink source counts
 * those records too).
 */
final class LoggingWatch implements AutoCloseable {
    static final long SYSCTL_MILLIS = 100;
    static final long RULES_MILLIS = 1000;

    private final String loggedBefore;
    private final String rulesUnreadable;
    private final Thread thread;
    private volatile boolean running = true;
    /** Written by the watching thread, read after it ended. */
    private final List<String> loggedSeen = new ArrayList<>();
    private final Set<String> rulesSeen = new LinkedHashSet<>();
    private final List<String> removals = new ArrayList<>();

    private LoggingWatch(String loggedBefore, String rulesUnreadable) {
        this.loggedBefore = loggedBefore;
        this.rulesUnreadable = rulesUnreadable;
        if (loggedBefore != null) loggedSeen.add(loggedBefore);
        this.thread = new Thread(this::loop, "syscage-logging-watch");
        this.thread.setDaemon(true);
    }

    /** Reads both settings and starts polling them. */
    static LoggingWatch start() {
        List<AuditRules.Rule> rules = List.of();
        String unreadable = null;
        try {
            rules = AuditRules.droppingSeccomp();
        } catch (AuditAccessException e) {
            unreadable = e.getMessage();
        }
        LoggingWatch w = new LoggingWatch(SeccompLogging.logged(), unreadable);
        w.note(rules);
        w.thread.start();
        return w;
    }

    private void loop() {
        long nextRules = System.nanoTime() + RULES_MILLIS * 1_000_000L;
        while (running) {
            try {
                Thread.sleep(SYSCTL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            lookAtSysctl();
            if (System.nanoTime() - nextRules >= 0) {
                lookAtRules();
                nextRules = System.nanoTime() + RULES_MILLIS * 1_000_000L;
            }
        }
    }

    private void lookAtSysctl() {
        String now = SeccompLogging.logged();
        String last = loggedSeen.isEmpty() ? null : loggedSeen.get(loggedSeen.size() - 1);
        if (now != null && !now.equals(last)) loggedSeen.add(now);
    }

    private void lookAtRules() {
        if (rulesUnreadable != null) return;
        try {
            note(AuditRules.droppingSeccomp());
        } catch (AuditAccessException e) {
            // Readable at the start: a failure now (the kernel busy) is retried on the next poll.
        }
    }

    private void note(List<AuditRules.Rule> rules) {
        for (AuditRules.Rule r : rules) {
            if (rulesSeen.add(r.text())) removals.add(r.removal());
        }
    }

    /**
     * Stops polling, looks once more, and says what was found: changes of actions_logged and exclude rules that
     * drop SECCOMP records. What could not be watched is added to {@code unverifiable}.
     */
    List<Evidence> finish(List<String> unverifiable) {
        close();
        lookAtSysctl();
        lookAtRules();
        List<Evidence> out = new ArrayList<>();
        if (loggedBefore == null) {
            unverifiable.add("records the kernel does not write for seccomp's log action: " + SeccompLogging.LOGGED
                    + " cannot be read");
        } else {
            int changes = loggedSeen.size() - 1;
            out.add(new Evidence(LossMethod.ACTIONS_LOGGED, changes, "read before the run, every " + SYSCTL_MILLIS
                    + " ms during it and after it (a change undone within " + SYSCTL_MILLIS + " ms goes unseen, unless "
                    + "the source shows the kernel's CONFIG_CHANGE record of it: netlink, while audit is enabled)",
                    changes == 0 ? null : "kernel.seccomp.actions_logged changed during the run ('"
                            + String.join("', then '", loggedSeen) + "'), and the kernel writes no record for "
                            + "seccomp's log action while 'log' is not in it: leave it alone while profiling and re-run"));
        }
        if (rulesUnreadable != null) {
            unverifiable.add("audit exclude rules that drop seccomp records cannot be seen (" + rulesUnreadable + ")");
        } else {
            out.add(new Evidence(LossMethod.AUDIT_RULES, rulesSeen.size(), "the audit exclude list read before the "
                    + "run, every " + RULES_MILLIS + " ms during it and after it",
                    rulesSeen.isEmpty() ? null : "an audit exclude rule that drops seccomp records was in place during the run ("
                            + String.join("; ", rulesSeen) + "): remove it (" + String.join("; ", removals)
                            + ") and re-run"));
        }
        return out;
    }

    /** Stops polling; waits for the thread, so that what it saw is visible. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
