package dev.syscage.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.syscage.nativeparts.NativeContract;
import dev.syscage.record.AuditRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding a run's processes by audit session, on real processes. */
class RunProcessesTest {
    private static final Path LAUNCHER = Path.of("../native/build/syscage-exec").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void aRunsSessionFindsItsProcessAndNothingElseDoes() throws Exception {
        Path policy = Files.writeString(dir.resolve("empty.policy"), "syscage-policy 1\narch x86_64\n");
        Path report = dir.resolve("report");
        Process p = new ProcessBuilder(LAUNCHER.toString(), "--policy", policy.toString(), "--action", "log",
                "--no-preload", "--report", report.toString(), "--", "sleep", "30").start();
        try {
            for (int i = 0; i < 500 && (!Files.exists(report) || Files.size(report) == 0); i++) Thread.sleep(10);
            long ses = NativeContract.reportedSession(Files.readString(report));
            assertEquals(List.of(p.pid()), RunProcesses.inSessions(Set.of(ses)));
            long own = Long.parseLong(Files.readString(Path.of("/proc/self/sessionid")).trim());
            // the unset session, syscage's own and an unknown one (what a kernel without audit gives) find nothing
            assertEquals(List.of(), RunProcesses.inSessions(new java.util.HashSet<>(List.of(-1L, AuditRecord.UNSET, own))));
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A daemon whose session is not known yet (its MAIN marker came after the run's END) is still found. */
    @Test
    void whatIsLeftOfARunIncludesTheOrphansSyscageAdopted() throws Exception {
        RunProcesses.adoptOrphans();
        String seconds = "31.5" + ProcessHandle.current().pid() % 1000;
        Process sh = new ProcessBuilder("sh", "-c", "(sleep " + seconds + " &); exit 0").start();
        assertEquals(0, sh.waitFor());
        try {
            List<Long> left = List.of();
            List<Long> daemons = List.of();
            // the orphan may not have executed sleep yet
            for (int i = 0; i < 250 && daemons.isEmpty(); i++, Thread.sleep(20)) {
                left = RunProcesses.left(Set.of());
                daemons = left.stream().filter(pid -> ProcessHandle.of(pid).flatMap(h -> h.info().arguments())
                        .map(a -> List.of(a).equals(List.of(seconds))).orElse(false)).toList();
            }
            assertEquals(1, daemons.size(), "the orphaned sleep among " + left);
            new ProcessBuilder("pkill", "-f", "^sleep " + seconds + "$").start().waitFor();
            // once it is gone, the zombie it leaves is reaped, not listed
            long daemon = daemons.get(0);
            for (int i = 0; i < 100 && RunProcesses.left(Set.of()).contains(daemon); i++) Thread.sleep(20);
            assertFalse(RunProcesses.left(Set.of()).contains(daemon));
            assertFalse(Files.exists(Path.of("/proc/" + daemon)), "reaped");
        } finally {
            new ProcessBuilder("pkill", "-f", "^sleep " + seconds + "$").start().waitFor();
        }
    }
}
