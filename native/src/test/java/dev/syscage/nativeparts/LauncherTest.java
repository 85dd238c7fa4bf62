package dev.syscage.nativeparts;

import static dev.syscage.nativeparts.NativeRun.INIT;
import static dev.syscage.nativeparts.NativeRun.KILLED_BY_SIGSYS;
import static dev.syscage.nativeparts.NativeRun.MAIN;
import static dev.syscage.nativeparts.NativeRun.PRELOAD;
import static dev.syscage.nativeparts.NativeRun.PROBE;
import static dev.syscage.nativeparts.NativeRun.PROBE_STATIC;
import static dev.syscage.nativeparts.NativeRun.launch;
import static dev.syscage.nativeparts.NativeRun.minus;
import static dev.syscage.nativeparts.NativeRun.plus;
import static dev.syscage.nativeparts.NativeRun.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syscage.nativeparts.NativeRun.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** syscage-exec enforcing a two-phase policy on the real kernel. */
class LauncherTest {
    @TempDir
    Path dir;

    private Path probePolicy(List<String> init, List<String> main) {
        return policy(dir, init, main);
    }

    private static List<String> opts(Path policy, String... more) {
        return plus(List.of("--policy", policy.toString()), more);
    }

    @Test
    void runsWhatThePolicyAllowsAndPassesTheExitStatusOn() {
        Path p = probePolicy(INIT, plus(MAIN, "getppid"));
        Result r = launch(opts(p), PROBE.toString(), "getppid", "print:done", "exit:7");
        assertEquals(7, r.status(), r.toString());
        assertTrue(r.stdout().matches("getppid=[1-9][0-9]*\ndone\n"), r.toString());
        assertEquals("", r.stderr());
    }

    @Test
    void aMainCallMissingFromThePolicyKillsWithSigsys() {
        Path p = probePolicy(INIT, MAIN);
        Result r = launch(opts(p), PROBE.toString(), "print:before", "getppid", "print:after");
        assertEquals(KILLED_BY_SIGSYS, r.status(), r.toString());
        assertEquals("before\n", r.stdout());
    }

    @Test
    void aCallListedOnlyForInitIsRefusedInMain() {
        // The launcher's filter allows init ∪ main; the preload's filter allows main only.
        Path p = probePolicy(plus(INIT, "getppid"), MAIN);
        Result r = launch(opts(p), PROBE.toString(), "print:before", "getppid");
        assertEquals(KILLED_BY_SIGSYS, r.status(), r.toString());
        assertEquals("before\n", r.stdout());
    }

    @Test
    void withoutThePreloadTheLauncherFilterStillConfines() throws Exception {
        Path initOnly = probePolicy(plus(INIT, "getppid"), MAIN);
        Path neither = probePolicy(INIT, MAIN);
        // no main-phase filter: a call the policy lists for init only goes through ...
        Result allowed = launch(plus(opts(initOnly), "--no-preload"), PROBE.toString(), "getppid");
        assertEquals(0, allowed.status(), allowed.toString());
        assertTrue(allowed.stdout().startsWith("getppid="), allowed.toString());
        // ... but one it does not list at all is still killed
        Result killed = launch(plus(opts(neither), "--no-preload"), PROBE.toString(), "print:before", "getppid");
        assertEquals(KILLED_BY_SIGSYS, killed.status(), killed.toString());
        assertEquals("before\n", killed.stdout());
    }

    /**
     * A preload the loader would refuse: the loader's message is a write the policy may not allow, so the target
     * would die of SIGSYS with nothing said. The launcher checks the library first and says why.
     */
    @Test
    void aPreloadThatCannotLoadIsNamedBeforeTheTargetStarts() throws Exception {
        Path p = probePolicy(INIT, MAIN);
        // the library built for another machine: its ELF header says aarch64 (e_machine, offset 18)
        byte[] lib = Files.readAllBytes(PRELOAD);
        lib[18] = (byte) 0xB7;
        lib[19] = 0;
        Path foreign = Files.write(dir.resolve("libsyscage-aarch64.so"), lib);
        Path text = Files.writeString(dir.resolve("libsyscage-text.so"), "not a library\n");
        Map<String, String> cases = Map.of("/nonexistent/libsyscage.so", "cannot open the preload library",
                foreign.toString(), "built for another architecture (ELF machine 183",
                text.toString(), "is not an ELF shared library");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Result r = launch(plus(opts(p), "--preload", c.getKey()), PROBE.toString(), "print:RAN");
            assertEquals(125, r.status(), r.toString());
            assertEquals("", r.stdout(), "the target must not run: " + r);
            assertTrue(r.oneSyscageLine().contains(c.getValue()), r.toString());
        }
    }

    @Test
    void errnoActionsFailTheCallInstead() {
        Path p = probePolicy(INIT, MAIN);
        Result eperm = launch(opts(p, "--action", "errno"), PROBE.toString(), "getppid", "print:after");
        assertEquals(0, eperm.status(), eperm.toString());
        assertEquals("getppid=-1\nafter\n", eperm.stdout());
        Result eacces = launch(opts(p, "--action", "ERRNO:13"), PROBE.toString(), "getppid", "print:after");
        assertEquals(0, eacces.status(), eacces.toString());
        assertEquals("getppid=-13\nafter\n", eacces.stdout());
    }

    @Test
    void logActionAllowsTheCall() {
        Path p = probePolicy(INIT, MAIN);
        Result r = launch(opts(p, "--action", "Log"), PROBE.toString(), "getppid", "print:after");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.stdout().matches("getppid=[1-9][0-9]*\nafter\n"), r.toString());
    }

    @Test
    void trapKillThreadAndKillProcessAllEndInSigsys() {
        Path p = probePolicy(INIT, MAIN);
        for (String action : List.of("trap", "kill-thread", "kill-process", "KILL")) {
            Result r = launch(opts(p, "--action", action), PROBE.toString(), "print:before", "getppid", "print:after");
            assertEquals(KILLED_BY_SIGSYS, r.status(), action + ": " + r);
            assertEquals("before\n", r.stdout(), action);
        }
    }

    @Test
    void x32IsKilledUnlessListed() {
        Result r = launch(opts(probePolicy(INIT, MAIN)), PROBE.toString(), "print:before", "x32-getpid", "print:after");
        assertEquals(KILLED_BY_SIGSYS, r.status(), r.toString());
        assertEquals("before\n", r.stdout());
        // listed, the call passes the filter and gets what the kernel says unconfined (a pid, or ENOSYS)
        Result listed = launch(opts(probePolicy(INIT, plus(MAIN, "x32:getpid"))), PROBE.toString(), "x32-getpid",
                "print:after");
        assertEquals(0, listed.status(), listed.toString());
        assertTrue(listed.stdout().matches(
                "x32-getpid=" + (KernelAbis.x32Getpid().equals("x32-getpid=-38\n") ? "-38" : "[1-9][0-9]*")
                + "\nafter\n"), listed.toString());
    }

    @Test
    void i386IsKilledUnlessListed() {
        KernelAbis.assumeI386();
        Result r = launch(opts(probePolicy(INIT, MAIN)), PROBE.toString(), "print:before", "i386-getpid", "print:after");
        assertEquals(KILLED_BY_SIGSYS, r.status(), r.toString());
        assertEquals("before\n", r.stdout());
        Path both = probePolicy(INIT, plus(MAIN, "x86:getpid", "x32:getpid"));
        Result listed = launch(opts(both), PROBE.toString(), "i386-getpid", "x32-getpid", "print:after");
        assertEquals(0, listed.status(), listed.toString());
        assertTrue(listed.stdout().matches("i386-getpid=[1-9][0-9]*\nx32-getpid=(-38|[1-9][0-9]*)\nafter\n"),
                listed.toString());
    }

    @Test
    void listingOneAbiDoesNotAdmitAnother() {
        KernelAbis.assumeI386();
        Path x86 = probePolicy(INIT, plus(MAIN, "x86:getpid"));
        Result r1 = launch(opts(x86), PROBE.toString(), "i386-getpid", "x32-getpid", "print:after");
        assertEquals(KILLED_BY_SIGSYS, r1.status(), r1.toString());
        assertTrue(r1.stdout().matches("i386-getpid=[1-9][0-9]*\n"), r1.toString());

        Path x32 = probePolicy(INIT, plus(MAIN, "x32:getpid"));
        Result r2 = launch(opts(x32), PROBE.toString(), "x32-getpid", "i386-getpid", "print:after");
        assertEquals(KILLED_BY_SIGSYS, r2.status(), r2.toString());
        assertTrue(r2.stdout().startsWith("x32-getpid="), r2.toString());

        // an admitted ABI still only gets the calls listed for it: i386 getppid (64) is not
        Result r3 = launch(opts(x86), PROBE.toString(), "i386-getpid", "int80:64", "print:after");
        assertEquals(KILLED_BY_SIGSYS, r3.status(), r3.toString());
    }

    @Test
    void anX32RuleIsNotTheNativeCall() {
        // x32's getppid (0x40000000 | 110) is not native getppid
        Path nativeOnly = probePolicy(INIT, plus(MAIN, "getppid", "x32:getpid"));
        Result r = launch(opts(nativeOnly), PROBE.toString(), "getppid", "sys:0x4000006e", "print:after");
        assertEquals(KILLED_BY_SIGSYS, r.status(), r.toString());
        assertTrue(r.stdout().startsWith("getppid="), r.toString());
    }

    @Test
    void anAbiListedForInitOnlyIsRefusedInMain() {
        KernelAbis.assumeI386();
        Path p = probePolicy(plus(INIT, "x86:getpid"), MAIN);
        Result r = launch(opts(p), PROBE.toString(), "print:before", "i386-getpid");
        assertEquals(KILLED_BY_SIGSYS, r.status(), r.toString());
        Result noPreload = launch(opts(p, "--no-preload"), PROBE.toString(), "i386-getpid");
        assertEquals(0, noPreload.status(), noPreload.toString());
    }

    @Test
    void numbersAllowCallsLibseccompMayNotName() {
        // 1023: no such call; the kernel answers ENOSYS once the filter lets it through
        Path p = probePolicy(INIT, plus(MAIN, "1023"));
        Result r = launch(opts(p), PROBE.toString(), "sys:1023", "print:after");
        assertEquals(0, r.status(), r.toString());
        assertEquals("sys:1023=-38\nafter\n", r.stdout());
        Result killed = launch(opts(p), PROBE.toString(), "sys:1022");
        assertEquals(KILLED_BY_SIGSYS, killed.status(), killed.toString());
    }

    @Test
    void aStaticTargetIsConfinedByTheLauncherAlone() {
        // exactly what the static probe needs; the launcher itself may use execve only
        List<String> init = List.of("execve", "brk", "arch_prctl", "set_tid_address", "set_robust_list", "rseq",
                "prlimit64", "readlink", "getrandom", "mprotect");
        Path ok = probePolicy(init, plus(MAIN, "getppid"));
        Result r = launch(opts(ok), PROBE_STATIC.toString(), "getppid", "print:after");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.stdout().matches("getppid=[1-9][0-9]*\nafter\n"), r.toString());

        Path without = probePolicy(init, MAIN);
        Result killed = launch(opts(without), PROBE_STATIC.toString(), "print:before", "getppid");
        assertEquals(KILLED_BY_SIGSYS, killed.status(), killed.toString());
        assertEquals("before\n", killed.stdout());
    }

    @Test
    void execveMustBeInThePolicy() {
        Path p = probePolicy(minus(INIT, "execve"), plus(MAIN, "getppid"));
        Result r = launch(opts(p), PROBE.toString(), "print:MAINRAN");
        assertEquals(KILLED_BY_SIGSYS, r.status(), r.toString());
        assertEquals("", r.stdout());
    }

    @Test
    void setsTheEnvironmentForThePreload() throws Exception {
        Path p = probePolicy(INIT, MAIN);
        Path relative = Path.of("").toAbsolutePath().relativize(p);
        Result r = NativeRun.run(List.of(NativeRun.LAUNCHER.toString(), "--policy", relative.toString(),
                "--action", "Errno:5", "--", PROBE.toString(), "env:SYSCAGE_POLICY", "env:SYSCAGE_ACTION",
                "env:LD_PRELOAD", "env:SYSCAGE_PROFILE", "env:SYSCAGE_AUID"),
                java.util.Map.of("LD_PRELOAD", "/no/such/other.so", "SYSCAGE_PROFILE", "5", "SYSCAGE_AUID", "0"));
        assertEquals(0, r.status(), r.toString());
        String[] lines = r.stdout().split("\n", 2);
        Path given = Path.of(lines[0].substring("SYSCAGE_POLICY=".length()));
        assertTrue(lines[0].startsWith("SYSCAGE_POLICY=") && given.isAbsolute(), r.toString());
        assertEquals(p.toAbsolutePath().normalize(), given.normalize());
        assertEquals("SYSCAGE_ACTION=errno:5\n"
                + "LD_PRELOAD=" + PRELOAD + ":/no/such/other.so\n"
                + "SYSCAGE_PROFILE unset\n"
                + "SYSCAGE_AUID unset\n", lines[1]);
    }

    @Test
    void execsInTheSameProcessAndReportsTheSession() throws Exception {
        Path p = probePolicy(INIT, plus(MAIN, "getpid"));
        Path report = dir.resolve("report");
        Result r = launch(opts(p, "--report", report.toString()), PROBE.toString(), "sys:39");
        assertEquals(0, r.status(), r.toString());
        String text = Files.readString(report);
        assertTrue(text.matches("ses=[0-9]+ pid=[0-9]+\n"), text);
        String pid = text.substring(text.indexOf("pid=") + 4).trim();
        assertEquals("sys:39=" + pid + "\n", r.stdout(), "the target runs in the launcher's process");
    }

    @Test
    void dieWithParentEndsTheTargetWhenItsStarterIsKilled() throws Exception {
        Path p = probePolicy(List.of(), List.of());
        long guarded = startThenKillStarter(p, "--die-with-parent");
        long unguarded = startThenKillStarter(p);
        try {
            assertTrue(gone(guarded), "the target outlived its starter despite --die-with-parent");
            assertTrue(ProcessHandle.of(unguarded).map(ProcessHandle::isAlive).orElse(false),
                    "without --die-with-parent the target survives (the check above can fail)");
        } finally {
            ProcessHandle.of(unguarded).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** Starts sleep through the launcher from a shell, SIGKILLs the shell, returns sleep's pid. */
    private static long startThenKillStarter(Path policy, String... extra) throws Exception {
        String cmd = NativeRun.LAUNCHER + " --policy " + policy + " --action log --no-preload " + String.join(" ", extra)
                + " -- /bin/sleep 60 & echo $!; wait";
        Process shell = new ProcessBuilder("sh", "-c", cmd).redirectErrorStream(true).start();
        long pid = Long.parseLong(new java.io.BufferedReader(new java.io.InputStreamReader(shell.getInputStream()))
                .readLine().trim());
        // wait until the launcher has exec'd sleep (its prctl comes before the exec)
        for (int i = 0; i < 500 && !Files.readString(Path.of("/proc/" + pid + "/comm")).startsWith("sleep"); i++) {
            Thread.sleep(10);
        }
        shell.destroyForcibly().waitFor();
        return pid;
    }

    private static boolean gone(long pid) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            if (ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) return true;
            Thread.sleep(10);
        }
        return false;
    }
}
