package dev.syscage.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
