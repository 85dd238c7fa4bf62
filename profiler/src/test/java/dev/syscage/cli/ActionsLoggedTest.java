package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syscage.policy.Metadata;
import dev.syscage.policy.Profile;
import dev.syscage.policy.ProfileYaml;
import dev.syscage.source.AuditStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kernel.seccomp.actions_logged switched off for half a second during a run: the kernel writes no record for
 * the log action meanwhile and takes no serial, so nothing else shows the loss. syscage polls the sysctl during
 * the run: the profile is incomplete and the message names the sysctl. The sysctl is machine-wide: the test
 * holds the machine lock exclusively (no other test profiles meanwhile) and puts the value back on every path,
 * a build stopped by a signal included.
 */
@Tag("kernel")
class ActionsLoggedTest {
    private static final Path LOGGED = Path.of("/proc/sys/kernel/seccomp/actions_logged");

    @TempDir
    Path dir;

    @Test
    void switchedOffForAMomentDuringTheRunTheProfileIsIncomplete() throws Exception {
        try (AutoCloseable lock = MachineLock.exclusive()) {
            String saved = Files.readString(LOGGED).trim();
            assertTrue(saved.contains("log"), "the machine logs to begin with: " + saved);
            String without = saved.replaceAll("\\blog\\b", "").trim().replaceAll("\\s+", " ");
            Path out = dir.resolve("p.yaml");
            Syscage.Started s = Syscage.start(dir, "profile", "-o", out.toString(), "--", "sh", "-c",
                    "sleep 2; exec " + Syscage.sample("myos"));
            s.awaitDescendant("sleep");
            Thread restore = new Thread(() -> write(saved));
            Runtime.getRuntime().addShutdownHook(restore);
            try {
                Files.writeString(LOGGED, without);
                Thread.sleep(500);
            } finally {
                write(saved);
                Runtime.getRuntime().removeShutdownHook(restore);
            }
            assertEquals(saved, Files.readString(LOGGED).trim(), "restored");
            Syscage.Result r = s.await();
            assertEquals(ExitCodes.INCOMPLETE, r.exit(), r.toString());
            assertTrue(r.stderr().contains("actions-logged 2") && r.stderr().contains("actions_logged"), r.stderr());
            Profile p = ProfileYaml.read(out);
            assertFalse(p.metadata().complete());
            Metadata.Loss logged = p.metadata().loss().stream().filter(l -> l.method().equals("actions-logged"))
                    .findFirst().orElseThrow();
            assertEquals(2, logged.count(), "switched off, then on");
            assertTrue(logged.how().contains("every 100 ms"), logged.toString());
        }
    }

    /**
     * Switched off and straight back on, between two polls: only the kernel's CONFIG_CHANGE record shows it, which
     * it writes while audit is enabled (the test enables it, and puts the flag back).
     */
    @Test
    void aChangeTooQuickToPollIsSeenInTheKernelsRecordOfIt() throws Exception {
        try (AutoCloseable lock = MachineLock.exclusive()) {
            String saved = Files.readString(LOGGED).trim();
            long enabled = AuditStatus.query().enabled();
            String without = saved.replaceAll("\\blog\\b", "").trim().replaceAll("\\s+", " ");
            Path out = dir.resolve("p.yaml");
            Thread restore = new Thread(() -> {
                write(saved);
                auditEnabled(enabled);
            });
            Runtime.getRuntime().addShutdownHook(restore);
            Syscage.Result r;
            try {
                auditEnabled(1);
                Syscage.Started s = Syscage.start(dir, "profile", "-o", out.toString(), "--", "sh", "-c",
                        "sleep 1.5; exec " + Syscage.sample("myos"));
                s.awaitDescendant("sleep");
                Files.writeString(LOGGED, without);
                Files.writeString(LOGGED, saved);
                r = s.await();
            } finally {
                write(saved);
                auditEnabled(enabled);
                Runtime.getRuntime().removeShutdownHook(restore);
            }
            assertEquals(enabled, AuditStatus.query().enabled(), "restored");
            assertEquals(ExitCodes.INCOMPLETE, r.exit(), r.toString());
            assertTrue(r.stderr().contains("actions-logged 2"), r.stderr());
            assertFalse(ProfileYaml.read(out).metadata().complete());
        }
    }

    private static void auditEnabled(long value) {
        try {
            Process p = new ProcessBuilder("auditctl", "-e", Long.toString(value)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertEquals(0, p.waitFor(), "auditctl -e " + value);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void write(String value) {
        try {
            Files.writeString(LOGGED, value);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
