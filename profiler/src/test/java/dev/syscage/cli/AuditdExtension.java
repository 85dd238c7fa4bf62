package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syscage.source.AuditStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real audit daemon (Debian's auditd) for the tests of the auditd source, started directly (no init
 * system here) with {@code -c DIR}: a configuration of the test's own, in a directory of its own, that
 * writes to that directory, so the machine's /etc/audit/auditd.conf is never touched. Before the class,
 * the daemon must not be running (the kmsg tests need it stopped too); after it, the daemon is stopped
 * and the kernel's audit "enabled" flag, which auditd sets, is put back. The restoring is checked, so a
 * test class that leaves a daemon behind, or changed the machine's auditd.conf, fails.
 *
 * <p>Tests that need auditd stopped or running must not run while another such test does: within one
 * test run they carry {@code @ResourceLock(AuditdExtension.LOCK)} (JUnit honours it if parallel execution
 * is ever enabled), and across test runs on one machine (another checkout's build) the extension holds a
 * file lock from before the class to after it.
 */
final class AuditdExtension implements BeforeAllCallback, AfterAllCallback {
    static final String LOCK = "syscage.audit-daemon";
    /** The machine's configuration: the tests' own start from it and it must stay as it is. */
    static final Path CONFIG = Path.of("/etc/audit/auditd.conf");
    /** Where test runs before auditd's -c was used kept the machine's auditd.conf while they replaced it. */
    private static final Path CONFIG_SAVED = Path.of("/etc/audit/auditd.conf.syscage-tests");
    private static final Path DAEMON = Path.of("/sbin/auditd");
    private static final long WAIT_MILLIS = 15_000;
    private static final long FOREIGN_DAEMON_WAIT_MILLIS = 10 * 60_000;

    private byte[] savedConfig;
    private long savedEnabled;
    private long pid;
    private Path logDir;
    private AutoCloseable machineLock;

    /**
     * Holds the machine-wide lock of tests that change what every audit reader on the machine sees (auditd,
     * the kernel log, seccomp's logging sysctl) until closed: another build's such tests wait.
     */
    static AutoCloseable lockMachine() throws java.io.IOException {
        return MachineLock.exclusive();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        machineLock = MachineLock.exclusive(); // waits while another build's tests run
        assertTrue(Files.isExecutable(DAEMON), "auditd is not installed; apt-get install -y auditd (.ci/run does)");
        // Someone else's audit daemon (a benchmark run, say) is theirs to stop: wait a while for it to go.
        long deadline = System.currentTimeMillis() + FOREIGN_DAEMON_WAIT_MILLIS;
        AuditStatus status = AuditStatus.query();
        while (status.pid() != 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(1000);
            status = AuditStatus.query();
        }
        assertEquals(0, status.pid(), "an audit daemon is running (pid " + status.pid() + "); these tests start "
                + "their own and must not reconfigure it: stop it first");
        if (Files.exists(CONFIG_SAVED)) {
            // a run of an older version died before restoring: its saved copy is the machine's configuration
            Files.copy(CONFIG_SAVED, CONFIG, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            Files.delete(CONFIG_SAVED);
        }
        savedConfig = Files.readAllBytes(CONFIG);
        savedEnabled = status.enabled();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (savedConfig == null) return; // beforeAll failed before saving anything: nothing of ours to undo
            stop();
            assertArrayEquals(savedConfig, Files.readAllBytes(CONFIG), CONFIG + " was changed");
            assertEquals(savedEnabled, AuditStatus.query().enabled(), "the kernel's audit enabled flag was not restored");
            assertEquals(0, AuditStatus.query().pid(), "an audit daemon is still registered");
        } finally {
            if (machineLock != null) machineLock.close();
        }
    }

    /**
     * Starts auditd writing to {@code dir}/audit.log in {@code format} (RAW or ENRICHED), rotating at
     * {@code maxLogMiB} and keeping {@code numLogs} files; returns the log's path.
     */
    Path start(Path dir, String format, int maxLogMiB, int numLogs) throws Exception {
        assertEquals(0, pid, "auditd started twice");
        logDir = dir;
        String config = new String(savedConfig, java.nio.charset.StandardCharsets.ISO_8859_1)
                .replaceAll("(?m)^log_file\\s*=.*$", "log_file = " + dir.resolve("audit.log"))
                .replaceAll("(?m)^log_format\\s*=.*$", "log_format = " + format)
                .replaceAll("(?m)^max_log_file\\s*=.*$", "max_log_file = " + maxLogMiB)
                .replaceAll("(?m)^num_logs\\s*=.*$", "num_logs = " + numLogs)
                .replaceAll("(?m)^max_log_file_action\\s*=.*$", "max_log_file_action = ROTATE");
        assertTrue(config.contains("log_file = " + dir) && config.contains("log_format = " + format), config);
        // auditd refuses a configuration that others can write or read
        Path configDir = Files.createDirectory(dir.resolve("conf"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.writeString(Files.createFile(configDir.resolve("auditd.conf"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))), config);
        Process p = new ProcessBuilder(DAEMON.toString(), "-c", configDir.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS) && p.exitValue() == 0, "auditd: " + output);
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (AuditStatus.query().pid() == 0 || !Files.exists(dir.resolve("audit.log"))) {
            assertTrue(System.currentTimeMillis() < deadline, "auditd did not register with the kernel");
            Thread.sleep(20);
        }
        pid = AuditStatus.query().pid();
        return dir.resolve("audit.log");
    }

    /** Rotates the log as {@code service auditd rotate} does (SIGUSR1) and waits until it has. */
    void rotate() throws IOException, InterruptedException {
        Path log = logDir.resolve("audit.log");
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        // Seen once in a full CI run: no audit.log 150 ms after the previous rotation had made one (cause not
        // found); wait for auditd to have a log to rotate rather than fail on its absence.
        while (!Files.exists(log)) {
            assertTrue(System.currentTimeMillis() < deadline, "auditd has no log to rotate");
            Thread.sleep(10);
        }
        Object before = Files.readAttributes(log, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        signal("USR1");
        deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (!Files.exists(log) || before.equals(Files.readAttributes(log,
                java.nio.file.attribute.BasicFileAttributes.class).fileKey())) {
            assertTrue(System.currentTimeMillis() < deadline, "auditd did not rotate its log");
            Thread.sleep(10);
        }
    }

    /** The log files, oldest first. */
    List<Path> logs() throws IOException {
        try (var files = Files.list(logDir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("audit.log"))
                    .sorted(java.util.Comparator.comparingInt(AuditdExtension::number).reversed()).toList();
        }
    }

    private static int number(Path f) {
        String name = f.getFileName().toString();
        return name.equals("audit.log") ? 0 : Integer.parseInt(name.substring("audit.log.".length()));
    }

    /** Stops the daemon (SIGTERM, as its init script does) and restores the enabled flag. */
    void stop() throws Exception {
        try {
            if (pid != 0) {
                signal("TERM");
                long deadline = System.currentTimeMillis() + WAIT_MILLIS;
                while (Files.exists(Path.of("/proc/" + pid)) || AuditStatus.query().pid() != 0) {
                    assertTrue(System.currentTimeMillis() < deadline, "auditd did not stop");
                    Thread.sleep(20);
                }
                pid = 0;
            }
        } finally {
            if (AuditStatus.query().enabled() != savedEnabled) {
                Process p = new ProcessBuilder("auditctl", "-e", Long.toString(savedEnabled)).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                assertTrue(p.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS) && p.exitValue() == 0, "auditctl -e failed");
            }
        }
        assertFalse(AuditStatus.query().pid() != 0, "auditd still registered");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).redirectErrorStream(true).start();
        assertTrue(p.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS) && p.exitValue() == 0, "kill -" + name + " " + pid);
    }
}
