package dev.syscage.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The running audit daemon and where it writes: found by the kernel's registration (AUDIT_GET) or, when
 * that cannot be asked, by process name; its configuration is {@code auditd.conf} in the directory of its
 * {@code -c} option, else /etc/audit (see auditd.conf(5)).
 *
 * @param pid        the daemon's pid
 * @param config     the configuration file read
 * @param logFile    {@code log_file}, default /var/log/audit/audit.log
 * @param writesLogs {@code write_logs} (and not the old {@code log_format = NOLOG})
 * @param logFormat  {@code log_format}: RAW or ENRICHED (both are read alike)
 * @param keptBytes  how much auditd writes after a line before it may delete that line's file: {@code max_log_file}
 *                   MiB times {@code num_logs} - 1 (the files that rotation keeps behind the current one), at
 *                   least one file's worth (fewer than 2 logs: the one file is started afresh)
 */
public record AuditDaemon(long pid, Path config, Path logFile, boolean writesLogs, String logFormat, long keptBytes) {
    static final Path DEFAULT_CONFIG_DIR = Path.of("/etc/audit");
    static final Path DEFAULT_LOG = Path.of("/var/log/audit/audit.log");
    private static final long DEFAULT_MAX_LOG_FILE_MIB = 8;
    private static final long DEFAULT_NUM_LOGS = 5;
    private static final Path PROC = Path.of("/proc");

    /** The running daemon, if any. */
    public static Optional<AuditDaemon> find() {
        long pid = registeredPid();
        if (pid <= 0) return Optional.empty();
        List<String> argv = cmdline(pid);
        Path dir = DEFAULT_CONFIG_DIR;
        for (int i = 1; i + 1 < argv.size(); i++) {
            if (argv.get(i).equals("-c")) dir = Path.of(argv.get(i + 1));
        }
        Path config = dir.resolve("auditd.conf");
        String text;
        try {
            text = Files.readString(config, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            text = ""; // auditd runs on its built-in defaults
        }
        return Optional.of(fromConfig(pid, config, text));
    }

    /** The daemon's settings from its configuration text; missing keys take auditd's defaults. */
    static AuditDaemon fromConfig(long pid, Path config, String text) {
        Path log = DEFAULT_LOG;
        boolean writes = true;
        String format = "RAW";
        long fileMib = DEFAULT_MAX_LOG_FILE_MIB;
        long files = DEFAULT_NUM_LOGS;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            int eq = line.indexOf('=');
            if (line.startsWith("#") || eq < 0) continue;
            String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(eq + 1).strip();
            switch (key) {
                case "log_file" -> log = Path.of(value);
                case "write_logs" -> writes = !value.equalsIgnoreCase("no");
                case "log_format" -> format = value.toUpperCase(Locale.ROOT);
                case "max_log_file" -> fileMib = number(value, fileMib);
                case "num_logs" -> files = number(value, files);
                default -> {
                }
            }
        }
        long kept = Math.max(1, fileMib) * Math.max(1, files - 1) << 20;
        return new AuditDaemon(pid, config, log, writes && !format.equals("NOLOG"), format, kept);
    }

    /** A setting's whole number (up to 2^20, so that products stay in range), or {@code otherwise}. */
    private static long number(String value, long otherwise) {
        try {
            long n = Long.parseLong(value);
            return n >= 0 ? Math.min(n, 1 << 20) : otherwise;
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** The pid the kernel sends records to, or of a process named auditd when the kernel cannot be asked. */
    private static long registeredPid() {
        try {
            return AuditStatus.query().pid();
        } catch (AuditAccessException e) {
            return byName();
        }
    }

    private static long byName() {
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(PROC, p -> p.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path p : procs) {
                try {
                    if (Files.readString(p.resolve("comm")).strip().equals("auditd")) {
                        return Long.parseLong(p.getFileName().toString());
                    }
                } catch (IOException e) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    private static List<String> cmdline(long pid) {
        try {
            byte[] b = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
            return List.of(new String(b, StandardCharsets.UTF_8).split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }
}
