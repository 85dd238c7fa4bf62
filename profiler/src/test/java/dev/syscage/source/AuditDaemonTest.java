package dev.syscage.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** auditd.conf(5) as syscage reads it: only where and whether the daemon writes its log. */
class AuditDaemonTest {
    private static final Path CONF = Path.of("/etc/audit/auditd.conf");

    @Test
    void readsTheLogFileAndFormat() {
        AuditDaemon d = AuditDaemon.fromConfig(7, CONF, """
                #
                # This file controls the configuration of the audit daemon
                #
                local_events = yes
                write_logs = yes
                log_file=/srv/audit/a.log
                log_format = ENRICHED
                max_log_file_action = ROTATE
                """);
        assertEquals(Path.of("/srv/audit/a.log"), d.logFile());
        assertTrue(d.writesLogs());
        assertEquals("ENRICHED", d.logFormat());
        assertEquals(7, d.pid());
    }

    @Test
    void defaultsAreAuditdsOwn() {
        AuditDaemon d = AuditDaemon.fromConfig(1, CONF, "");
        assertEquals(Path.of("/var/log/audit/audit.log"), d.logFile());
        assertTrue(d.writesLogs());
        assertEquals("RAW", d.logFormat());
        assertEquals(Path.of("/var/log/audit/audit.log"),
                AuditDaemon.fromConfig(1, CONF, "# log_file = /elsewhere\n").logFile(), "a comment sets nothing");
    }

    @Test
    void noLogsEitherWay() {
        assertFalse(AuditDaemon.fromConfig(1, CONF, "write_logs = no\n").writesLogs());
        assertFalse(AuditDaemon.fromConfig(1, CONF, "write_logs = NO\n").writesLogs());
        assertFalse(AuditDaemon.fromConfig(1, CONF, "log_format = NOLOG\n").writesLogs());
    }

    @Test
    void keptBytesAreTheFilesRotationKeepsBehindTheCurrentOne() {
        long mib = 1 << 20;
        assertEquals(8 * 4 * mib, AuditDaemon.fromConfig(1, CONF, "").keptBytes(), "8 MiB files, 5 logs");
        assertEquals(100 * 9 * mib, AuditDaemon.fromConfig(1, CONF, "max_log_file = 100\nnum_logs = 10\n").keptBytes());
        assertEquals(6 * mib, AuditDaemon.fromConfig(1, CONF, "max_log_file = 6\nnum_logs = 1\n").keptBytes(),
                "one log: its own file's worth");
        assertEquals(6 * mib, AuditDaemon.fromConfig(1, CONF, "max_log_file = 6\nnum_logs = 0\n").keptBytes());
        assertEquals(mib, AuditDaemon.fromConfig(1, CONF, "max_log_file = 0\nnum_logs = 2\n").keptBytes(),
                "never nothing: a reader a MiB behind is behind");
        assertEquals(8 * 4 * mib, AuditDaemon.fromConfig(1, CONF, "max_log_file = big\nnum_logs = -3\n").keptBytes(),
                "what auditd would not take leaves its defaults");
    }
}
