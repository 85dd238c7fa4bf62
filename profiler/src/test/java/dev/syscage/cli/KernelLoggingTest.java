package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kernel that does not log seccomp's {@code log} action (the actions_logged sysctl without it): profiling
 * refuses to run, naming the sysctl that fixes it. The sysctl is machine-wide, so the test holds the machine lock
 * exclusively (no other test profiles meanwhile: {@link MachineLock}), and puts the value back.
 */
@Tag("kernel")
class KernelLoggingTest {
    private static final Path LOGGED = Path.of("/proc/sys/kernel/seccomp/actions_logged");

    @TempDir
    Path dir;

    @Test
    void profilingRefusesToRunUnobservedAndGivesTheSysctl() throws Exception {
        try (AutoCloseable lock = AuditdExtension.lockMachine()) {
            String saved = Files.readString(LOGGED).trim();
            assertTrue(saved.contains("log"), "the machine logs to begin with: " + saved);
            String without = saved.replaceAll("\\blog\\b", "").trim().replaceAll("\\s+", " ");
            // A build stopped by a signal still puts it back.
            Thread restore = new Thread(() -> {
                try {
                    Files.writeString(LOGGED, saved);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Runtime.getRuntime().addShutdownHook(restore);
            try {
                Files.writeString(LOGGED, without);
                Path marker = dir.resolve("ran");
                Syscage.Result r = Syscage.cli(dir, "profile", "-o", dir.resolve("p.yaml").toString(), "--", "touch",
                        marker.toString());
                assertEquals(125, r.exit(), r.toString());
                assertTrue(r.stderr().contains("sysctl -w kernel.seccomp.actions_logged=\"" + without + " log\""),
                        r.toString());
                assertFalse(Files.exists(marker), "the target did not run");
                assertFalse(r.stderr().contains("\tat "), r.toString());
                Syscage.Result doctor = Syscage.cli(dir, "doctor");
                assertEquals(1, doctor.exit(), doctor.toString());
                assertTrue(doctor.stdout().contains("sysctl -w kernel.seccomp.actions_logged"), doctor.toString());
            } finally {
                Files.writeString(LOGGED, saved);
                Runtime.getRuntime().removeShutdownHook(restore);
            }
            assertEquals(saved, Files.readString(LOGGED).trim(), "restored");
        }
    }
}
