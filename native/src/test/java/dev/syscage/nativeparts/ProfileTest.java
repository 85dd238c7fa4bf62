package dev.syscage.nativeparts;

import static dev.syscage.nativeparts.NativeRun.AUDITWATCH;
import static dev.syscage.nativeparts.NativeRun.LAUNCHER;
import static dev.syscage.nativeparts.NativeRun.PROBE;
import static dev.syscage.nativeparts.NativeRun.drain;
import static dev.syscage.nativeparts.NativeRun.launch;
import static dev.syscage.nativeparts.NativeRun.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.syscage.nativeparts.NativeRun.Result;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --profile, --mark-end and --nudge: the records and markers a profiling run leaves in the audit stream. */
class ProfileTest {
    private static final Pattern FIELD = Pattern.compile("\\b(ses|pid|arch|syscall)=([0-9a-fx]+)");

    @TempDir
    Path dir;

    record Rec(long ses, long pid, String arch, long syscall) {
        static Rec parse(String line) {
            Matcher m = FIELD.matcher(line);
            long ses = -1, pid = -1, syscall = -1;
            String arch = "";
            while (m.find()) {
                switch (m.group(1)) {
                    case "ses" -> ses = Long.parseLong(m.group(2));
                    case "pid" -> pid = Long.parseLong(m.group(2));
                    case "arch" -> arch = m.group(2);
                    default -> syscall = Long.parseLong(m.group(2));
                }
            }
            return new Rec(ses, pid, arch, syscall);
        }
    }

    static long marker(int kind, int token) {
        return 0x10000000L + kind * 0x01000000L + token;
    }

    /** What one profiling run of the probe left in the audit stream, and the launcher's report. */
    record Run(List<Rec> recs, long ses, long pid) {
    }

    /** auditwatch, started and ready: it prints the audit stream's SECCOMP records up to the one of {@code stop}. */
    private record Watch(Process process, BufferedReader lines, java.util.concurrent.CompletableFuture<String> errors) {
        static Watch until(long stop) throws Exception {
            Process watch = new ProcessBuilder(AUDITWATCH.toString(), Long.toString(stop)).start();
            var errors = drain(watch.getErrorStream());
            BufferedReader lines = new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8));
            String first = lines.readLine();
            if (first == null) {
                watch.waitFor();
                Assumptions.assumeTrue(watch.exitValue() != 77, "cannot read the audit stream: " + errors.join());
                fail("auditwatch failed: " + errors.join());
            }
            assertEquals("ready", first);
            return new Watch(watch, lines, errors);
        }

        /** The records up to and with the one of {@code stop}. */
        List<Rec> records() throws Exception {
            List<Rec> recs = new ArrayList<>();
            for (String line; (line = lines.readLine()) != null; ) {
                recs.add(Rec.parse(line));
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            assertEquals(0, process.exitValue(), "the record to stop at never came: " + errors.join());
            return recs;
        }
    }

    /** Profiles the probe with ARGS under POLICY, with an audit reader running until the END marker. */
    private Run profile(int token, Path policy, String... args) throws Exception {
        Watch watch = Watch.until(marker(2, token));
        Path report = dir.resolve("report");
        List<String> argv = new ArrayList<>(List.of(PROBE.toString()));
        argv.addAll(List.of(args));
        Result run = launch(List.of("--profile", Integer.toString(token), "--policy", policy.toString(),
                "--action", "log", "--report", report.toString()), argv.toArray(String[]::new));
        assertEquals(0, run.status(), run.toString());
        Result end = NativeRun.run(List.of(LAUNCHER.toString(), "--mark-end", Integer.toString(token)), Map.of());
        assertEquals(0, end.status(), end.toString());
        assertEquals("", end.stderr());
        List<Rec> recs = watch.records();

        String reportText = Files.readString(report);
        Matcher m = Pattern.compile("ses=(\\d+) pid=(\\d+)\n").matcher(reportText);
        assertTrue(m.matches(), reportText);
        return new Run(recs, Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
    }

    @Test
    void profilingRunLeavesStartMainAndEndMarkers() throws Exception {
        int token = ThreadLocalRandom.current().nextInt(1, 0xFFFFFF);
        Run run = profile(token, policy(dir, List.of(), List.of()), "getppid", "i386-getpid", "print:done");
        List<Rec> recs = run.recs();
        long ses = run.ses();
        long pid = run.pid();

        Rec start = only(recs, marker(0, token));
        Rec main = only(recs, marker(1, token));
        Rec endRec = only(recs, marker(2, token));
        assertEquals(ses, start.ses(), "START carries the session of the report");
        assertEquals(pid, start.pid());
        assertEquals(pid, main.pid(), "exec in the same process");
        assertNotEquals(ses, main.ses(), "the constructor starts a new session");
        assertNotEquals(pid, endRec.pid());

        List<Rec> ofRun = recs.stream().filter(r -> r.pid() == pid).toList();
        int iStart = ofRun.indexOf(start), iMain = ofRun.indexOf(main);
        assertTrue(iStart < iMain, "START before MAIN");
        // init: the launcher's execve is logged under the START session
        assertTrue(ofRun.subList(iStart, iMain).stream().anyMatch(r -> r.syscall() == 59 && r.ses() == ses),
                "execve logged in init: " + ofRun);
        List<Rec> after = ofRun.subList(iMain + 1, ofRun.size());
        assertTrue(after.stream().allMatch(r -> r.ses() == main.ses()), "main-phase records carry MAIN's ses");
        assertEquals(3, after.get(0).syscall(), "the constructor's close comes first after MAIN");
        assertTrue(after.stream().anyMatch(r -> r.syscall() == 110 && r.arch().equals("c000003e")), "getppid");
        assertTrue(after.stream().anyMatch(r -> r.syscall() == 20 && r.arch().equals("40000003")),
                "i386 getpid is logged, not killed: " + after);
        assertTrue(after.stream().anyMatch(r -> r.syscall() == 231), "exit_group");
    }

    @Test
    void withABasePolicyOnlyCallsItLacksAreLogged() throws Exception {
        // Incremental profiling: the policy's calls are allowed without a record, the rest logged.
        int token = ThreadLocalRandom.current().nextInt(1, 0xFFFFFF);
        Path base = policy(dir, List.of("execve"), List.of("getppid", "write", "close"));
        Run run = profile(token, base, "getppid", "getppid", "i386-getpid", "print:done");
        List<Rec> ofRun = run.recs().stream().filter(r -> r.pid() == run.pid()).toList();
        only(run.recs(), marker(0, token));
        only(run.recs(), marker(1, token));
        assertTrue(ofRun.stream().noneMatch(r -> r.arch().equals("c000003e") && List.of(59L, 110L, 1L, 3L)
                .contains(r.syscall())), "execve, getppid, write and close are in the base: " + ofRun);
        assertTrue(ofRun.stream().anyMatch(r -> r.syscall() == 231), "exit_group is not: " + ofRun);
        assertTrue(ofRun.stream().anyMatch(r -> r.syscall() == 20 && r.arch().equals("40000003")),
                "i386 getpid is another ABI, not in the base: " + ofRun);
    }

    /** --nudge makes one record, its marker, in syscage's own audit session (no run's). */
    @Test
    void nudgeMakesItsMarkerAndNothingElse() throws Exception {
        int token = ThreadLocalRandom.current().nextInt(1, 0xFFFFFF);
        Watch watch = Watch.until(marker(3, token));
        Result nudge = NativeRun.run(List.of(LAUNCHER.toString(), "--nudge", Integer.toString(token)), Map.of());
        assertEquals(0, nudge.status(), nudge.toString());
        assertEquals("", nudge.stdout() + nudge.stderr());
        Rec rec = only(watch.records(), marker(3, token));
        long ownSession = Long.parseLong(Files.readString(Path.of("/proc/self/sessionid")).trim());
        assertEquals(ownSession, rec.ses(), "no new audit session");
        assertEquals("c000003e", rec.arch());
    }

    private static Rec only(List<Rec> recs, long syscall) {
        List<Rec> found = recs.stream().filter(r -> r.syscall() == syscall).toList();
        assertEquals(1, found.size(), "records of syscall " + syscall + ": " + found);
        return found.get(0);
    }
}
