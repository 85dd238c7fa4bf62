package dev.syscage.source;

import dev.syscage.loss.Evidence;
import dev.syscage.loss.LossLedger;
import dev.syscage.loss.LossMethod;
import dev.syscage.record.AuditLine;
import dev.syscage.record.AuditRecord;
import dev.syscage.record.LineSplitter;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Saved logs, for offline profiles: auditd's audit.log (RAW or ENRICHED), the kernel log as dmesg,
 * {@code journalctl -k} or syslog wrote it, plain or gzip-compressed, from this machine or another.
 * Lines that are not audit records, records of other types and other programs, duplicated lines and
 * garbage are all read without complaint; a damaged file is read up to the damage and the rest skipped
 * with a warning. Files are read in the order of their first record's serial number, so rotated logs can
 * be named in any order, and a line seen twice (overlapping files) counts once.
 */
public final class FileSource {
    /** "-": standard input. */
    public static final Path STDIN = Path.of("-");
    private static final int PEEK_BYTES = 4 << 20;

    private final List<Path> files;
    private final LossLedger ledger = new LossLedger(LossMethod.KMSG_SUPPRESSED, LossMethod.KERNEL_LOST);
    private final AuditText text = new AuditText(ledger);
    private final List<String> warnings = new ArrayList<>();

    private FileSource(List<Path> files) {
        this.files = files;
    }

    /** The files, ordered by their first record's serial (files without records last, standard input first). */
    public static FileSource of(List<Path> files) {
        record Keyed(Path file, long first) {
        }
        List<Keyed> keyed = new ArrayList<>();
        for (Path f : files) keyed.add(new Keyed(f, f.equals(STDIN) ? -1 : firstSerial(f)));
        keyed.sort(Comparator.comparingLong(Keyed::first));
        return new FileSource(keyed.stream().map(Keyed::file).toList());
    }

    /** Reads every file, handing on each SECCOMP record once, in order. */
    public void read(Consumer<AuditRecord> sink) {
        read(sink, ParallelScan.BLOCK);
    }

    /** The same, reading {@code blockSize} bytes at a time (tests cut records across blocks with small ones). */
    void read(Consumer<AuditRecord> sink, int blockSize) {
        try (ParallelScan scan = new ParallelScan(blockSize)) {
            for (Path f : files) {
                long before = text.lines();
                try (InputStream in = open(f)) {
                    scan.read(in, lines -> text.apply(lines, sink));
                } catch (IOException e) {
                    warnings.add(name(f) + ": unreadable after line " + (text.lines() - before) + " ("
                            + e.getMessage() + "); the rest of it was skipped");
                }
            }
        }
        if (text.unreadable() > 0) {
            warnings.add(text.unreadable() + " SECCOMP lines were truncated or malformed and are not in the profile");
        }
    }

    /** SECCOMP records that came from kernel-log text (dmesg, journalctl -k, syslog). */
    public long fromKernelLog() {
        return text.fromKernelLog();
    }

    public List<Path> files() {
        return files;
    }

    /** What was found lost among the records numbered {@code first} to {@code last}. */
    public List<Evidence> loss(long first, long last) {
        return ledger.within(first, last);
    }

    /** Where a run without its END marker may have ended, given its last record (see LossLedger.openEnd). */
    public long openEnd(long lastSeen) {
        return ledger.openEnd(lastSeen);
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** What to do when the files lack records of the run. */
    public String lossAdvice() {
        return "the log lacks records of the run (lost when it was written, or not in the files given): give "
                + "every log file of the run, rotated ones too, or profile the program live with syscage profile";
    }

    static String name(Path f) {
        return f.equals(STDIN) ? "standard input" : f.toString();
    }

    /** The file's bytes, decompressed when it starts with gzip's magic number. */
    private static InputStream open(Path f) throws IOException {
        InputStream raw = f.equals(STDIN) ? System.in : Files.newInputStream(f);
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
    }

    /** The serial of the first audit record in the file's first few MiB; MAX_VALUE when none. */
    private static long firstSerial(Path f) {
        long[] first = {Long.MAX_VALUE};
        LineSplitter lines = new LineSplitter();
        LineSplitter.Handler handler = (b, from, to) -> {
            if (first[0] == Long.MAX_VALUE && AuditLine.kind(b, from, to) != AuditLine.Kind.OTHER
                    && AuditLine.kind(b, from, to) != AuditLine.Kind.DAEMON) {
                first[0] = AuditLine.serial(b, from, to);
            }
        };
        try (InputStream in = open(f)) {
            long read = 0;
            int n;
            while (first[0] == Long.MAX_VALUE && read < PEEK_BYTES && (n = lines.read(in, handler)) >= 0) read += n;
        } catch (IOException e) {
            // read() reports it
        }
        return first[0];
    }
}
