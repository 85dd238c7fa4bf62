package dev.syscage.run;

import java.util.function.Consumer;
import java.util.function.LongPredicate;

/**
 * Watches a confined target, on a thread of its own, until it carries every filter syscage means it to have:
 * the launcher's, and the preload library's for a dynamic program. With none of them (the preload library
 * alone, and it did not load) the target runs unconfined: it is killed (fail closed), and when it exited before
 * /proc showed anything, the library's own word (it ran in that process, or not) tells; the run fails either way.
 * With the launcher's alone it is still confined by init ∪ main, which the warning says.
 */
final class Confinement {
    private final int inherited;
    private final boolean launcher;
    private final boolean preload;
    private final LongPredicate ranPreload;
    private final Consumer<String> warn;
    private Thread thread;
    private volatile String killed;

    /**
     * @param inherited  filters syscage runs under itself (its container's), which the target inherits
     * @param launcher   whether the launcher installs a filter
     * @param preload    whether the preload library should install one (a dynamic program)
     * @param ranPreload without the launcher: whether the preload library's constructor ran in a process (it
     *                   installs its filter or ends the process), asked when the target exits before /proc shows
     *                   the filter; null with the launcher, whose filter is in place before the target runs
     */
    Confinement(int inherited, boolean launcher, boolean preload, LongPredicate ranPreload, Consumer<String> warn) {
        this.inherited = inherited;
        this.launcher = launcher;
        this.preload = preload;
        this.ranPreload = ranPreload;
        this.warn = warn;
    }

    void watch(ProcessHandle target) {
        int expected = inherited + (launcher ? 1 : 0) + (preload ? 1 : 0);
        thread = new Thread(() -> check(target, expected), "syscage-confinement");
        thread.setDaemon(true);
        thread.start();
    }

    private void check(ProcessHandle target, int expected) {
        FilterCheck.Status seen;
        try {
            seen = FilterCheck.await(target, expected).orElse(null);
        } catch (InterruptedException e) {
            return;
        }
        if (seen == null) return;
        if (seen.mode() < 0) {
            // exited before syscage saw it: however short its life, a target the library never reached ran unconfined
            if (ranPreload == null || ranPreload.test(target.pid())) return;
            // what it started is syscage's now (its subreaper)
            ProcessHandle.current().descendants().filter(p -> p.pid() != target.pid() && !RunGuard.isGuard(p))
                    .forEach(ProcessHandle::destroyForcibly);
            killed = "pid " + target.pid() + " ran without syscage's seccomp filter and exited before syscage could "
                    + "kill it: the preload library never ran in it; check that LD_PRELOAD can load it (right "
                    + "architecture, readable, not a setuid or file-capability program), or run without --preload-only";
            warn.accept(killed);
            return;
        }
        int ours = seen.filters() - inherited;
        if (ours <= 0) {
            target.destroyForcibly();
            target.descendants().forEach(ProcessHandle::destroyForcibly);
            killed = "pid " + target.pid() + " ran without syscage's seccomp filter (/proc/" + target.pid()
                    + "/status: Seccomp " + seen.mode() + ", Seccomp_filters " + seen.filters() + "), so syscage killed it"
                    + (launcher ? "" : ": the preload library did not load; check that " + "LD_PRELOAD can load it "
                            + "(right architecture, readable), or run without --preload-only");
            warn.accept(killed);
        } else if (preload) {
            warn.accept("pid " + target.pid() + " carries " + ours + " of syscage's " + (expected - inherited)
                    + " seccomp filters (/proc/" + target.pid() + "/status): the preload library did not install the "
                    + "main-phase filter, so only " + (launcher ? "the launcher's init ∪ main filter" : "part of the policy")
                    + " confines it; check that the preload library loads for this program");
        }
    }

    /** Waits for the check to finish (it ends by itself once the target exits). */
    void join() throws InterruptedException {
        if (thread != null) thread.join();
    }

    /** Why the target was killed for running unconfined, or null. */
    String killed() {
        return killed;
    }
}
