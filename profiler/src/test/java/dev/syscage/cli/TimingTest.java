package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syscage.policy.Phase;
import dev.syscage.policy.Profile;
import dev.syscage.policy.ProfileYaml;
import dev.syscage.policy.SyscallRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Calls a run's timing decides (docs/profiles.md, "Timing: the baseline and --repeat"), against the real kernel: a program
 * stopped and continued in a sleep resumes it with restart_syscall, which the kernel makes itself; the baseline
 * allows it under {@code run} and under the exported native policy, and {@code --no-baseline} does not.
 */
@Tag("kernel")
class TimingTest {
    /** A sleep long enough to be stopped and continued in the middle of. */
    private static final List<String> SLEEP = List.of("/usr/bin/sleep", "3");

    @TempDir
    static Path dir;

    @BeforeAll
    static void profileASleep() throws Exception {
        for (String[] args : List.of(new String[] {"profile", "-o", "with.yaml", "--", "/usr/bin/sleep", "1"},
                new String[] {"profile", "--no-baseline", "-o", "without.yaml", "--", "/usr/bin/sleep", "1"},
                new String[] {"install-native", "bin"})) {
            Syscage.Result r = Syscage.cli(dir, args);
            assertEquals(0, r.exit(), r.toString());
        }
        for (String name : List.of("with", "without")) {
            Syscage.Result r = Syscage.cli(dir, "export", "--format", "syscage", name + ".yaml", "-o", name + ".policy");
            assertEquals(0, r.exit(), r.toString());
        }
        SyscallRef restart = SyscallRef.parse("restart_syscall");
        Profile with = ProfileYaml.read(dir.resolve("with.yaml"));
        Profile without = ProfileYaml.read(dir.resolve("without.yaml"));
        assertTrue(with.baseline().contains(restart), with.baseline().toString());
        assertFalse(with.all().contains(restart), "an undisturbed run never makes it");
        assertTrue(without.baseline().isEmpty());
        assertEquals(with.all(), without.all(), "--no-baseline changes the baseline only");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"with", "without"})
    void stoppedAndContinuedUnderRun(String baseline) throws Exception {
        Syscage.Started run = Syscage.start(dir, Syscage.concat(List.of("run", "--policy", baseline + ".yaml", "--"),
                SLEEP));
        stopAndContinueInItsSleep(run.awaitDescendant("sleep"));
        Syscage.Result r = run.await();
        if (baseline.equals("with")) {
            assertEquals(0, r.exit(), r.toString());
            assertFalse(r.stderr().contains("refused"), r.stderr());
        } else {
            assertEquals(128 + 31, r.exit(), r.toString());
            assertTrue(r.stderr().contains("syscage: refused restart_syscall (kill_process) in pid "), r.stderr());
            assertTrue(r.stderr().contains("and in syscage's baseline, which it lacks"), r.stderr());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"with", "without", "without-plus-restart"})
    void stoppedAndContinuedUnderTheExportedPolicy(String policy) throws Exception {
        if (policy.equals("without-plus-restart")) {
            // The strict policy and restart_syscall alone: what kills the program without the baseline is that call.
            Files.writeString(dir.resolve(policy + ".policy"), Files.readString(dir.resolve("without.policy"))
                    + "main restart_syscall\n");
        }
        Process p = new ProcessBuilder(Syscage.concat(List.of(dir.resolve("bin/syscage-exec").toString(), "--policy",
                policy + ".policy", "--"), SLEEP)).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(policy + ".out").toFile()).start();
        stopAndContinueInItsSleep(p.pid()); // the launcher executes the target in its own process
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "sleep did not end");
        assertEquals(policy.equals("without") ? 128 + 31 : 0, p.exitValue(),
                Files.readString(dir.resolve(policy + ".out")));
    }

    /** Waits until {@code pid} sleeps in (clock_)nanosleep, then stops it and, once stopped, continues it. */
    private static void stopAndContinueInItsSleep(long pid) throws Exception {
        awaitProc(pid, "syscall", s -> s.startsWith("230 ") || s.startsWith("35 "), "asleep in clock_nanosleep");
        signal("STOP", pid);
        awaitProc(pid, "stat", s -> s.substring(s.lastIndexOf(')') + 2).startsWith("T"), "stopped");
        signal("CONT", pid);
    }

    private static void awaitProc(long pid, String file, java.util.function.Predicate<String> ready, String what)
            throws Exception {
        Path path = Path.of("/proc", Long.toString(pid), file);
        for (int i = 0; i < 2000; i++) {
            try {
                if (ready.test(Files.readString(path))) {
                    return;
                }
            } catch (IOException e) {
                throw new AssertionError(pid + " ended before it was " + what, e);
            }
            Thread.sleep(5);
        }
        throw new AssertionError(pid + " was never " + what);
    }

    private static void signal(String name, long pid) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start().waitFor());
    }

    /**
     * node with worker threads calls sched_yield when it finds a lock taken, so one profile often lacks it, and
     * runs enforced without the baseline die on it in some runs (docs/profiles.md, "Timing"). With the baseline every run
     * passes.
     */
    @Test
    void nodeWorkersPassEveryEnforcedRunWithTheBaseline() throws Exception {
        Path node = Path.of("/usr/bin/node");
        Assumptions.assumeTrue(Files.isExecutable(node), "node is not installed (.ci/run installs nodejs)");
        Path script = Path.of("src/test/resources/timing/workers.js").toAbsolutePath();
        Syscage.Result profiled = Syscage.cli(dir, "profile", "-o", "node.yaml", "--", node.toString(), script.toString());
        assertEquals(0, profiled.exit(), profiled.toString());
        assertEquals(0, Syscage.cli(dir, "export", "-f", "syscage", "node.yaml", "-o", "node.policy").exit());
        int runs = 20;
        for (int i = 1; i <= runs; i++) {
            Syscage.Result r = Syscage.plain(dir, List.of(dir.resolve("bin/syscage-exec").toString(), "--policy",
                    "node.policy", "--", node.toString(), script.toString()));
            assertEquals("4 workers done\n", r.stdout(), "enforced run " + i + " of " + runs + ": " + r);
            assertEquals(0, r.exit(), "enforced run " + i + " of " + runs + ": " + r);
        }
    }

    @Test
    void repeatedRunsAreMergedWithCoverage() throws Exception {
        String myos = Syscage.sample("myos").toString();
        Syscage.Result r = Syscage.cli(dir, "profile", "--repeat", "3", "-o", "myos.yaml", "--", myos);
        assertEquals(0, r.exit(), r.toString());
        assertEquals("My OS is Linux!\n".repeat(3), r.stdout());
        assertTrue(r.stderr().contains("syscage: every call was made in all 3 runs"), r.stderr());
        Profile p = ProfileYaml.read(dir.resolve("myos.yaml"));
        assertEquals(3, p.coverage().runs());
        for (Phase phase : Phase.values()) {
            for (SyscallRef call : p.phase(phase)) {
                assertEquals(3, p.coverage().of(phase, call), phase.key() + " " + call);
            }
        }
        assertTrue(p.phase(Phase.MAIN).contains(SyscallRef.parse("uname")));
        assertFalse(p.baseline().isEmpty());
        assertTrue(p.metadata().complete() && p.metadata().lost() == 0, p.metadata().toString());
    }

    @Test
    void callsOnlySomeRunsMadeAreNamed() throws Exception {
        // The first run leaves a file behind; the later ones find it and run another program (myos calls uname).
        String script = "[ -e seen ] && exec " + Syscage.sample("myos") + "; : > seen; exec "
                + Syscage.sample("helloworld");
        Syscage.Result r = Syscage.cli(dir, "profile", "--repeat", "3", "-o", "some.yaml", "--", "/bin/sh", "-c",
                script);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stderr().contains("syscage: made in only some of the 3 runs; "), r.stderr());
        assertTrue(r.stderr().matches("(?s).*main: [^\\n]*\\buname 2/3\\b.*"), r.stderr());
        assertEquals(2, ProfileYaml.read(dir.resolve("some.yaml")).coverage().of(Phase.MAIN, SyscallRef.parse("uname")));
    }

    @Test
    void aBadRepeatIsRefused() throws Exception {
        Syscage.Result r = Syscage.cli(dir, "profile", "--repeat", "0", "--", "/bin/true");
        assertEquals(2, r.exit(), r.toString());
        assertEquals("syscage: --repeat 0 is not a number of runs; use 1 to 1000\n", r.stderr());
    }
}
