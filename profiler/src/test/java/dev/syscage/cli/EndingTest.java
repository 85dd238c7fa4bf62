package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syscage.policy.Phase;
import dev.syscage.policy.Profile;
import dev.syscage.policy.ProfileYaml;
import dev.syscage.policy.SyscallRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs that do not end by themselves: syscage told to stop (SIGINT, SIGTERM), syscage killed, a target
 * killed from outside, a target that never ends or leaves a daemon behind (docs/profiles.md, "Ending a run").
 */
@Tag("kernel")
class EndingTest {
    private static final int SIGKILL = 9;

    @TempDir
    Path dir;

    /** A sleep whose length marks it as this test's, so no other process is taken for it. */
    private static String uniqueSleep() {
        return Integer.toString(1000 + ThreadLocalRandom.current().nextInt(9000));
    }

    private static boolean running(String... argv) {
        String wanted = String.join(" ", argv);
        return ProcessHandle.allProcesses().anyMatch(h -> h.info().commandLine().map(c -> c.equals(wanted)
                || c.endsWith("/" + wanted)).orElse(false));
    }

    private static boolean gone(long pid) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            if (ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) return true;
            Thread.sleep(10);
        }
        return false;
    }

    /** The profile in {@code out}, checked to hold the sleep's own main-phase call: what ran is kept. */
    private static Profile slept(Path out) throws Exception {
        Profile p = ProfileYaml.read(out);
        assertTrue(p.phase(Phase.MAIN).contains(SyscallRef.parse("clock_nanosleep")), "what ran is kept: "
                + p.phase(Phase.MAIN));
        return p;
    }

    private void signalledProfileIsWrittenIncomplete(String signal, int number) throws Exception {
        Path out = dir.resolve(signal + ".yaml");
        String seconds = uniqueSleep();
        Syscage.Started s = Syscage.start(dir, "profile", "-o", out.toString(), "--", "sleep", seconds);
        long target = s.awaitDescendant("sleep");
        Thread.sleep(300); // into its main phase
        new ProcessBuilder("kill", "-" + signal, Long.toString(s.process().pid())).start().waitFor();
        Syscage.Result r = s.await();
        assertEquals(128 + number, r.exit(), "the exit status says the run was cut short: " + r);
        assertTrue(gone(target), "the signal reached the target");
        assertTrue(r.stderr().contains("cut short by SIG" + signal), r.toString());
        Profile p = slept(out);
        assertFalse(p.metadata().complete(), "marked incomplete");
        assertEquals(0, p.metadata().lost(), "nothing seen was lost: the records were drained");
    }

    @Test
    void sigtermDuringProfileReachesTheTargetAndKeepsTheRecords() throws Exception {
        signalledProfileIsWrittenIncomplete("TERM", 15);
    }

    @Test
    void sigintDuringProfileReachesTheTargetAndKeepsTheRecords() throws Exception {
        signalledProfileIsWrittenIncomplete("INT", 2);
    }

    @Test
    void aKilledSyscageTakesItsTargetAlong() throws Exception {
        Path policy = dir.resolve("sleep.yaml");
        String seconds = uniqueSleep();
        Syscage.Started profiling = Syscage.start(dir, "profile", "-o", policy.toString(), "--", "sleep", seconds);
        long target = profiling.awaitDescendant("sleep");
        profiling.process().destroyForcibly().waitFor();
        assertTrue(gone(target), "profile: the target outlived syscage");

        Syscage.Result learned = Syscage.cli(dir, "profile", "-o", policy.toString(), "--", "sleep", "0");
        assertEquals(0, learned.exit(), learned.toString());
        Syscage.Started enforcing = Syscage.start(dir, "run", "--policy", policy.toString(), "--", "sleep", seconds);
        target = enforcing.awaitDescendant("sleep");
        enforcing.process().destroyForcibly().waitFor();
        assertTrue(gone(target), "run: the target outlived syscage");
    }

    /**
     * SIGKILL to syscage during a profile: the target dies of its parent-death signal, and the child it started
     * (reparented away from syscage's tree) is killed by syscage's guard through the run's cgroup.
     */
    @Test
    void nothingOfAProfiledRunOutlivesAKilledSyscage() throws Exception {
        Path child = dir.resolve("child.pid");
        Syscage.Started profiling = Syscage.start(dir, "profile", "-o", dir.resolve("x.yaml").toString(), "--", "sh",
                "-c", "sleep " + uniqueSleep() + " & echo $! > " + child + "; wait");
        for (int i = 0; i < 3000 && !(Files.exists(child) && Files.size(child) > 0); i++) Thread.sleep(10);
        long pid = Long.parseLong(Files.readString(child).trim());
        assertTrue(ProcessHandle.of(pid).isPresent(), "the child runs");
        profiling.process().destroyForcibly().waitFor();
        assertTrue(gone(pid), "the target's child outlived syscage: " + Files.readString(profiling.err()));
        assertFalse(Files.readString(profiling.err()).contains("can outlive it"), Files.readString(profiling.err()));
    }

    /** Where syscage cannot make a cgroup (here: cgroup v2 mounted read-only), the profile says so. */
    @Test
    void withoutAWritableCgroupTheProfileWarnsThatARunCanOutliveSyscage() throws Exception {
        List<String> readOnly = List.of("unshare", "-m", "--propagation", "private", "sh", "-c",
                "for m in $(awk '{ for (i = 7; i < NF; i++) if ($i == \"-\") { if ($(i + 1) == \"cgroup2\") print $5; break } }' "
                        + "/proc/self/mountinfo); do "
                        + "mount -o remount,bind,ro \"$m\" || exit 99; done; exec \"$@\"", "sh");
        Syscage.Result r = Syscage.cliVia(readOnly, dir, "profile", "-o", dir.resolve("ro.yaml").toString(), "--",
                "sleep", "0");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stderr().contains("syscage: warning: if syscage is killed, processes that left the target can "
                + "outlive it under the log-everything filter: no cgroup v2 of syscage's own"), r.toString());
    }

    @Test
    void aTargetKilledFromOutsideLeavesAProfile() throws Exception {
        Path out = dir.resolve("killed.yaml");
        Syscage.Started s = Syscage.start(dir, "profile", "-o", out.toString(), "--", "sleep", uniqueSleep());
        long target = s.awaitDescendant("sleep");
        Thread.sleep(300);
        new ProcessBuilder("kill", "-KILL", Long.toString(target)).start().waitFor();
        Syscage.Result r = s.await();
        assertEquals(128 + SIGKILL, r.exit(), "the target's own status: " + r);
        assertTrue(slept(out).metadata().complete(), "the run ended by itself and every record arrived");
    }

    @Test
    void timeoutEndsATargetThatRunsForever() throws Exception {
        Path out = dir.resolve("forever.yaml");
        Syscage.Result r = Syscage.cli(dir, "profile", "--timeout", "1s", "-o", out.toString(), "--", "sleep", uniqueSleep());
        assertEquals(128 + 15, r.exit(), "sleep ended by SIGTERM: " + r);
        assertTrue(r.stderr().contains("ended by --timeout 1.0 s (SIGTERM to 1 processes"), r.toString());
        assertTrue(slept(out).metadata().complete(), "a deadline the user set is not a loss");
    }

    @Test
    void timeoutFollowsADaemonThatOutlivesTheTargetThenEndsIt() throws Exception {
        Path out = dir.resolve("daemon.yaml");
        String seconds = uniqueSleep();
        // double fork: the subshell starts sleep in the background and exits, the shell exits at once
        Syscage.Result r = Syscage.cli(dir, "profile", "--timeout", "2s", "-o", out.toString(), "--", "sh", "-c",
                "(sleep " + seconds + " &); exit 0");
        assertEquals(0, r.exit(), "the target's own status: " + r);
        assertFalse(running("sleep", seconds), "the daemon was ended");
        assertTrue(r.stderr().contains("ended by --timeout 2.0 s"), r.toString());
        assertFalse(r.stderr().contains("still running"), r.toString());
        slept(out); // the daemon's own calls are in: sleep's nanosleep came after its parent exited
    }

    @Test
    void withoutTimeoutADaemonIsNamedAndTheTimeoutSuggested() throws Exception {
        String seconds = uniqueSleep();
        Syscage.Result r = Syscage.cli(dir, "profile", "-o", dir.resolve("d.yaml").toString(), "--", "sh", "-c",
                "(sleep " + seconds + " &); exit 0");
        try {
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.stderr().contains("still running") && r.stderr().contains("--timeout"), r.toString());
        } finally {
            new ProcessBuilder("pkill", "-f", "^sleep " + seconds + "$").start().waitFor();
        }
    }

    @Test
    void badTimeoutsAreRefusedBeforeAnythingRuns() throws Exception {
        for (String bad : List.of("soon", "-1s", "0", "10x")) {
            Syscage.Result r = Syscage.cli(dir, "profile", "--timeout", bad, "--", "true");
            assertEquals(2, r.exit(), bad + ": " + r);
            assertTrue(r.stderr().contains("is not a duration; write e.g. 30s"), r.toString());
            assertFalse(r.stderr().contains("\tat "), "no stack trace: " + r);
        }
        assertFalse(Files.exists(dir.resolve("true.syscage.yaml")));
    }

    @Test
    void ctrlCAtATerminalReachesTheTargetOnceAndKeepsTheRecords() throws Exception {
        // The terminal sends SIGINT to syscage's whole process group, the target included: syscage must not
        // send it a second one. The target counts the SIGINTs it gets, and waits a second for a duplicate.
        Path count = dir.resolve("sigints");
        Path out = dir.resolve("tty.yaml");
        String script = "trap 'echo int >> " + count + "' INT; while [ ! -s " + count + " ]; do sleep 0.1; done; "
                + "sleep 1; exit 0";
        Syscage.Started s = Syscage.startOnTty(dir, "profile", "-o", out.toString(), "--", "sh", "-c", script);
        s.awaitDescendant("sleep");
        Thread.sleep(500);
        s.process().getOutputStream().write(3); // Ctrl-C
        s.process().getOutputStream().flush();
        Syscage.Result r = s.await();
        String all = Files.readString(s.out()); // script(1) puts the terminal's output on its stdout
        assertEquals(130, r.exit(), all);
        assertEquals(List.of("int"), Files.readAllLines(count), "exactly one SIGINT reached the target: " + all);
        assertTrue(all.contains("cut short by SIGINT"), all);
        assertFalse(ProfileYaml.read(out).metadata().complete());
    }
}
