package dev.syscage.nativeparts;

import static dev.syscage.nativeparts.NativeRun.LAUNCHER;
import static dev.syscage.nativeparts.NativeRun.PROBE;
import static dev.syscage.nativeparts.NativeRun.launch;
import static dev.syscage.nativeparts.NativeRun.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syscage.nativeparts.NativeRun.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --profile, --mark-end and --nudge: the records and markers a profiling run leaves in the audit stream. */
@Tag("kernel")
class ProfileTest {
    @TempDir
    Path dir;

    static long marker(int kind, int token) {
        return 0x10000000L + kind * 0x01000000L + token;
    }

    static final int START = 0, MAIN = 1, END = 2, NUDGE = 3, CROSS = 4, KEY = 5;

    /** What one profiling run of the probe left in the audit stream, and the launcher's report. */
    record Run(List<AuditWatch.Rec> recs, long ses, long pid, long key) {
    }

    /** Profiles the probe with ARGS under POLICY, with an audit reader running until the END marker. */
    private Run profile(int token, Path policy, String... args) throws Exception {
        long key = ThreadLocalRandom.current().nextLong(1L << 48);
        AuditWatch watch = AuditWatch.until(marker(END, (int) (key & 0xFFFFFF)));
        Path report = dir.resolve("report");
        List<String> argv = new ArrayList<>(List.of(PROBE.toString()));
        argv.addAll(List.of(args));
        Result run = launch(Map.of("SYSCAGE_END_KEY", Long.toString(key)), List.of("--profile",
                Integer.toString(token), "--policy", policy.toString(), "--action", "log", "--report",
                report.toString()), argv.toArray(String[]::new));
        assertEquals(0, run.status(), run.toString());
        Result end = NativeRun.markEnd(key);
        assertEquals(0, end.status(), end.toString());
        assertEquals("", end.stderr());
        List<AuditWatch.Rec> recs = watch.records();

        String reportText = Files.readString(report);
        Matcher m = Pattern.compile("ses=(\\d+) pid=(\\d+)\n").matcher(reportText);
        assertTrue(m.matches(), reportText);
        return new Run(recs, Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), key);
    }

    @Test
    void profilingRunLeavesStartMainAndEndMarkers() throws Exception {
        int token = ThreadLocalRandom.current().nextInt(1, 0xFFFFFF);
        Run run = profile(token, policy(dir, List.of(), List.of()), "getppid", "x32-getpid", "print:done");
        List<AuditWatch.Rec> recs = run.recs();
        long ses = run.ses();
        long pid = run.pid();

        AuditWatch.Rec start = only(recs, marker(START, token));
        AuditWatch.Rec keyHigh = only(recs, marker(KEY, (int) (run.key() >>> 24)));
        AuditWatch.Rec keyLow = only(recs, marker(KEY, (int) (run.key() & 0xFFFFFF)));
        AuditWatch.Rec cross = only(recs, marker(CROSS, token));
        AuditWatch.Rec main = only(recs, marker(MAIN, token));
        AuditWatch.Rec endHigh = only(recs, marker(END, (int) (run.key() >>> 24)));
        AuditWatch.Rec endLow = only(recs, marker(END, (int) (run.key() & 0xFFFFFF)));
        assertEquals(ses, start.ses(), "START carries the session of the report");
        assertEquals(pid, start.pid());
        for (AuditWatch.Rec k : List.of(keyHigh, keyLow)) {
            assertEquals(ses, k.ses(), "the launcher announces the end key");
            assertEquals(pid, k.pid());
        }
        assertEquals(ses, cross.ses(), "CROSS comes from the old session");
        assertEquals(pid, cross.pid());
        assertEquals(pid, main.pid(), "exec in the same process");
        assertNotEquals(ses, main.ses(), "the constructor starts a new session");
        assertNotEquals(pid, endLow.pid());
        assertEquals(endHigh.pid(), endLow.pid(), "one --mark-end process sends both halves");
        assertTrue(recs.indexOf(endHigh) + 1 == recs.indexOf(endLow), "one right after the other: " + recs);

        List<AuditWatch.Rec> ofRun = recs.stream().filter(r -> r.pid() == pid).toList();
        int iStart = ofRun.indexOf(start), iMain = ofRun.indexOf(main);
        assertTrue(iStart < ofRun.indexOf(keyHigh) && ofRun.indexOf(keyLow) < ofRun.indexOf(cross)
                && ofRun.indexOf(cross) < iMain, "START, KEY, KEY, CROSS, MAIN: " + ofRun);
        // init: the launcher's execve is logged under the START session
        assertTrue(ofRun.subList(iStart, iMain).stream().anyMatch(r -> r.syscall() == 59 && r.ses() == ses),
                "execve logged in init: " + ofRun);
        List<AuditWatch.Rec> after = ofRun.subList(iMain + 1, ofRun.size());
        assertTrue(after.stream().allMatch(r -> r.ses() == main.ses()), "main-phase records carry MAIN's ses");
        assertEquals(3, after.get(0).syscall(), "the constructor's close comes first after MAIN");
        assertTrue(after.stream().anyMatch(r -> r.syscall() == 110 && r.arch().equals("c000003e")), "getppid");
        assertTrue(after.stream().anyMatch(r -> r.syscall() == 0x40000027L && r.arch().equals("c000003e")),
                "x32 getpid is logged, not killed: " + after);
        assertTrue(after.stream().anyMatch(r -> r.syscall() == 231), "exit_group");
    }

    @Test
    void withABasePolicyOnlyCallsItLacksAreLogged() throws Exception {
        // Incremental profiling: the policy's calls are allowed without a record, the rest logged.
        int token = ThreadLocalRandom.current().nextInt(1, 0xFFFFFF);
        Path base = policy(dir, List.of("execve"), List.of("getppid", "write", "close"));
        Run run = profile(token, base, "getppid", "getppid", "x32-getpid", "print:done");
        List<AuditWatch.Rec> ofRun = run.recs().stream().filter(r -> r.pid() == run.pid()).toList();
        only(run.recs(), marker(START, token));
        only(run.recs(), marker(MAIN, token));
        assertTrue(ofRun.stream().noneMatch(r -> r.arch().equals("c000003e") && List.of(59L, 110L, 1L, 3L)
                .contains(r.syscall())), "execve, getppid, write and close are in the base: " + ofRun);
        assertTrue(ofRun.stream().anyMatch(r -> r.syscall() == 231), "exit_group is not: " + ofRun);
        assertTrue(ofRun.stream().anyMatch(r -> r.syscall() == 0x40000027L),
                "x32 getpid is another ABI, not in the base: " + ofRun);
    }

    @Test
    void i386CallsAreLoggedAsTheirOwnAbi() throws Exception {
        KernelAbis.assumeI386();
        int token = ThreadLocalRandom.current().nextInt(1, 0xFFFFFF);
        Path base = policy(dir, List.of("execve"), List.of("getpid", "write", "close"));
        Run run = profile(token, base, "i386-getpid", "print:done");
        List<AuditWatch.Rec> ofRun = run.recs().stream().filter(r -> r.pid() == run.pid()).toList();
        assertTrue(ofRun.stream().anyMatch(r -> r.syscall() == 20 && r.arch().equals("40000003")),
                "i386 getpid is another ABI, not in the base: " + ofRun);
    }

    /**
     * With a base that allows seccomp in main, the programs a profiled process executes find its stamp: they run
     * in its main-phase session and send no marker of their own. A first profile (nothing allowed) has no stamp,
     * so each executed program sends its MAIN marker, as before.
     */
    @Test
    void programsExecutedUnderABaseInheritTheMainSession() throws Exception {
        String[] chain = {"exec:" + PROBE, "exec:" + PROBE, "getppid"};
        int token = ThreadLocalRandom.current().nextInt(1, 0xFFFFFF);
        Run run = profile(token, policy(dir, NativeRun.INIT, NativeRun.EXECUTING), chain);
        AuditWatch.Rec main = only(run.recs(), marker(MAIN, token));
        // the run's own getppid (exec keeps the pid): other programs on the machine may call getppid under a LOG filter
        AuditWatch.Rec getppid = only(run.recs().stream().filter(r -> r.pid() == run.pid()).toList(), 110);
        assertEquals(main.ses(), getppid.ses(), "the third program's call is in the first one's main session");
        assertEquals(run.pid(), getppid.pid());

        int first = ThreadLocalRandom.current().nextInt(1, 0xFFFFFF);
        Run unstamped = profile(first, policy(dir, List.of(), List.of()), chain);
        assertEquals(3, unstamped.recs().stream().filter(r -> r.syscall() == marker(MAIN, first)).count(),
                "a MAIN marker per program: " + unstamped.recs());
    }

    /** The end key reaches the launcher in its environment and never the target's. */
    @Test
    void theEndKeyNeverReachesTheTarget() throws Exception {
        Path report = dir.resolve("report");
        Result run = launch(Map.of("SYSCAGE_END_KEY", "123456789"), List.of("--profile", "77", "--policy",
                policy(dir, List.of(), List.of()).toString(), "--report", report.toString()),
                PROBE.toString(), "env:SYSCAGE_END_KEY");
        assertEquals(0, run.status(), run.toString());
        assertEquals("SYSCAGE_END_KEY unset\n", run.stdout());
    }

    /**
     * Every token gets its profiling stamp. These two made one of the stamp's probe answers 4095, which libseccomp
     * refuses as an errno: the stamp was left out silently, and the preload then refused the run's own
     * SYSCAGE_PROFILE as inherited (125) in about one profile of a thousand.
     */
    @Test
    void tokensWhoseStampAnswerWasOutOfRangeProfile() throws Exception {
        for (String token : List.of("7955141", "9085866")) {
            Result run = launch(Map.of("SYSCAGE_END_KEY", "123456789"), List.of("--profile", token, "--policy",
                    policy(dir, List.of(), List.of()).toString(), "--action", "log"), PROBE.toString(), "print:ran");
            assertEquals(0, run.status(), token + ": " + run);
            assertEquals("ran\n", run.stdout());
        }
    }

    /** --nudge makes one record, its marker, in syscage's own audit session (no run's). */
    @Test
    void nudgeMakesItsMarkerAndNothingElse() throws Exception {
        int token = ThreadLocalRandom.current().nextInt(1, 0xFFFFFF);
        AuditWatch watch = AuditWatch.until(marker(NUDGE, token));
        Result nudge = NativeRun.run(List.of(LAUNCHER.toString(), "--nudge", Integer.toString(token)), Map.of());
        assertEquals(0, nudge.status(), nudge.toString());
        assertEquals("", nudge.stdout() + nudge.stderr());
        AuditWatch.Rec rec = only(watch.records(), marker(NUDGE, token));
        long ownSession = Long.parseLong(Files.readString(Path.of("/proc/self/sessionid")).trim());
        assertEquals(ownSession, rec.ses(), "no new audit session");
        assertEquals("c000003e", rec.arch());
    }

    private static AuditWatch.Rec only(List<AuditWatch.Rec> recs, long syscall) {
        List<AuditWatch.Rec> found = recs.stream().filter(r -> r.syscall() == syscall).toList();
        assertEquals(1, found.size(), "records of syscall " + syscall + ": " + found);
        return found.get(0);
    }
}
