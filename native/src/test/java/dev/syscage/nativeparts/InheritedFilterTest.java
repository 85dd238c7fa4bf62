package dev.syscage.nativeparts;

import static dev.syscage.nativeparts.NativeRun.EXECUTING;
import static dev.syscage.nativeparts.NativeRun.INIT;
import static dev.syscage.nativeparts.NativeRun.KILLED_BY_SIGSYS;
import static dev.syscage.nativeparts.NativeRun.LAUNCHER;
import static dev.syscage.nativeparts.NativeRun.MAIN;
import static dev.syscage.nativeparts.NativeRun.PROBE;
import static dev.syscage.nativeparts.NativeRun.launch;
import static dev.syscage.nativeparts.NativeRun.minus;
import static dev.syscage.nativeparts.NativeRun.plus;
import static dev.syscage.nativeparts.NativeRun.policy;
import static dev.syscage.nativeparts.NativeRun.preloaded;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.syscage.nativeparts.NativeRun.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A program that a confined process executes inherits its filters. The preload library finds the stamp of its
 * own filter among them and does not install that filter again (native/README.md, "Inherited filters"); any
 * other configuration is installed on top as before.
 */
class InheritedFilterTest {
    @TempDir
    Path dir;

    /** Seccomp_filters of this JVM, which every process it starts inherits. */
    private static int inherited() throws IOException {
        Matcher m = Pattern.compile("(?m)^Seccomp_filters:\\s*(\\d+)$").matcher(Files.readString(Path.of("/proc/self/status")));
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static String filters(int n, int times) {
        return String.join("", Collections.nCopies(times, "filters=" + n + "\n"));
    }

    @Test
    void aProgramExecutedUnderItsOwnFilterDoesNotStackItAgain() throws Exception {
        Path p = policy(dir, INIT, EXECUTING);
        List<String> chain = new ArrayList<>(List.of(PROBE.toString(), "filters"));
        for (int i = 0; i < 100; i++) chain.add("exec:" + PROBE);
        chain.add("filters");
        Result r = launch(List.of("--policy", p.toString()), chain.toArray(String[]::new));
        // the launcher's filter, the preload's main-phase filter and its stamp; 100 executions later, still those
        assertEquals(0, r.status(), r.toString());
        assertEquals(filters(inherited() + 3, 2), r.stdout());
    }

    @Test
    void anotherPolicyIsInstalledOnTopAndEnforced() throws Exception {
        Path p = policy(dir, INIT, plus(EXECUTING, "getppid"));
        Path q = policy(dir, INIT, EXECUTING);
        Result r = launch(List.of("--policy", p.toString()), PROBE.toString(), "getppid",
                "setenv:SYSCAGE_POLICY=" + q, "exec:" + PROBE, "filters", "getppid", "print:not reached");
        assertEquals(KILLED_BY_SIGSYS, r.status(), r.toString());
        // P's three filters, then Q's and its stamp; Q lacks getppid
        assertEquals(List.of("getppid=" + ProcessHandle.current().pid(), "filters=" + (inherited() + 5)),
                r.stdout().lines().toList(), r.toString());
    }

    @Test
    void noStampWhenTheMainPhaseRefusesSeccomp() throws Exception {
        Result r = launch(List.of("--policy", policy(dir, INIT, minus(EXECUTING, "seccomp")).toString()),
                PROBE.toString(), "filters");
        assertEquals(0, r.status(), r.toString());
        assertEquals(filters(inherited() + 2, 1), r.stdout());
    }

    @Test
    void theStampsInstallIsTheOnlyCallAfterTheMainFilter() {
        // a main phase of the probe's own calls plus seccomp: any other call of the constructor would be killed
        Result r = launch(List.of("--policy", policy(dir, INIT, plus(MAIN, "seccomp")).toString()),
                PROBE.toString(), "print:ran");
        assertEquals(0, r.status(), r.toString());
        assertEquals("ran\n", r.stdout());
    }

    @Test
    void theCloudflareListsAreStampedToo() throws Exception {
        Result r = preloaded(Map.of("SECCOMP_SYSCALL_ALLOW", String.join(":", EXECUTING)),
                PROBE.toString(), "filters", "exec:" + PROBE, "filters");
        assertEquals(0, r.status(), r.toString());
        assertEquals(filters(inherited() + 2, 2), r.stdout());
        // a denylist lets seccomp through unless it lists it
        Result deny = preloaded(Map.of("SECCOMP_SYSCALL_DENY", "getppid"),
                PROBE.toString(), "filters", "exec:" + PROBE, "filters");
        assertEquals(0, deny.status(), deny.toString());
        assertEquals(filters(inherited() + 2, 2), deny.stdout());
        Result denySeccomp = preloaded(Map.of("SECCOMP_SYSCALL_DENY", "getppid:seccomp"),
                PROBE.toString(), "filters");
        assertEquals(filters(inherited() + 1, 1), denySeccomp.stdout(), denySeccomp.toString());
    }

    @Test
    void probingLeavesNoAuditRecord() throws Exception {
        int token = ThreadLocalRandom.current().nextInt(1, 0xFFFFFF);
        AuditWatch watch = AuditWatch.until(ProfileTest.marker(3, token));
        Path report = dir.resolve("report");
        // errno instead of kill, so that the refused getppid is audited and the chain goes on
        Result r = launch(List.of("--policy", policy(dir, INIT, EXECUTING).toString(), "--action", "errno:38",
                "--report", report.toString()), PROBE.toString(), "exec:" + PROBE, "exec:" + PROBE, "getppid");
        assertEquals(0, r.status(), r.toString());
        assertEquals("getppid=-38\n", r.stdout());
        Result nudge = NativeRun.run(List.of(LAUNCHER.toString(), "--nudge", Integer.toString(token)), Map.of());
        assertEquals(0, nudge.status(), nudge.toString());

        long pid = Long.parseLong(Files.readString(report).replaceFirst("(?s).*pid=(\\d+).*", "$1"));
        List<Long> calls = watch.records().stream().filter(rec -> rec.pid() == pid).map(AuditWatch.Rec::syscall).toList();
        // the refused getppid (110) alone: no seccomp (317) probe of the two executed probes
        assertEquals(List.of(110L), calls);
    }
}
