package dev.syscage.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syscage.loss.Evidence;
import dev.syscage.loss.LossLedger;
import dev.syscage.loss.LossMethod;
import dev.syscage.record.AuditRecord;
import dev.syscage.record.LineSplitter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A saved log read in blocks scanned on several threads gives exactly what reading it line by line gives
 * (the live sources' path): the same records in the same order, the same loss evidence and warnings,
 * whatever the block size. Records reach attribution in file order, so the same records mean the same
 * profile; small blocks cut nearly every record, and every run's records, across block boundaries.
 */
class ParallelScanTest {
    private static final int[] BLOCK_SIZES = {1, 7, 100, 4096, ParallelScan.BLOCK};

    @TempDir
    Path dir;

    /** What reading gave: the records handed on, and what the source reported. */
    private record Reading(List<AuditRecord> records, List<Evidence> loss, List<String> warnings, long kernelLog) {
    }

    private static byte[] sample(String name) throws IOException {
        try (InputStream in = Objects.requireNonNull(ParallelScanTest.class.getResourceAsStream("/audit-samples/" + name))) {
            return in.readAllBytes();
        }
    }

    private static Reading blocks(Path file, int blockSize) {
        FileSource source = FileSource.of(List.of(file));
        List<AuditRecord> records = new ArrayList<>();
        source.read(records::add, blockSize);
        return new Reading(records, source.loss(-1, Long.MAX_VALUE - 1), source.warnings(), source.fromKernelLog());
    }

    /** The line-by-line reading of the live sources: LineSplitter and AuditText, one line at a time. */
    private static Reading lineByLine(byte[] text) throws IOException {
        LossLedger ledger = new LossLedger(LossMethod.KMSG_SUPPRESSED, LossMethod.KERNEL_LOST);
        AuditText audit = new AuditText(ledger);
        List<AuditRecord> records = new ArrayList<>();
        LineSplitter lines = new LineSplitter();
        LineSplitter.Handler handler = (b, from, to) -> audit.line(b, from, to, records::add);
        try (InputStream in = new java.io.ByteArrayInputStream(text)) {
            while (lines.read(in, handler) >= 0) {
                // every complete line went to the handler
            }
        }
        lines.finish(handler);
        List<String> warnings = audit.unreadable() == 0 ? List.of() : List.of(audit.unreadable()
                + " SECCOMP lines were truncated or malformed and are not in the profile");
        return new Reading(records, ledger.within(-1, Long.MAX_VALUE - 1), warnings, audit.fromKernelLog());
    }

    private void assertSameAtEveryBlockSize(byte[] text) throws IOException {
        Path file = Files.write(dir.resolve("log"), text);
        Reading expected = lineByLine(text);
        assertTrue(!expected.records().isEmpty() || text.length < 100, "the sample has records");
        for (int size : BLOCK_SIZES) {
            assertEquals(expected, blocks(file, size), "block size " + size);
        }
    }

    @Test
    void everyCapturedSampleReadsTheSameInBlocks() throws IOException {
        for (String name : List.of("auditd-raw.log", "auditd-enriched.log", "kmsg-myos-ratelimited.txt",
                "kmsg-syscage-myos.txt", "netlink-i386-x32.txt", "netlink-myos.txt")) {
            assertSameAtEveryBlockSize(sample(name));
        }
    }

    @Test
    void crlfLinesOverlongLinesDuplicatesAndALastLineWithoutItsBreak() throws IOException {
        String raw = new String(sample("auditd-raw.log"), StandardCharsets.ISO_8859_1);
        List<String> lines = raw.lines().toList();
        StringBuilder text = new StringBuilder();
        text.append("x".repeat(LineSplitter.MAX_LINE + 10)).append('\n');   // overlong: dropped
        text.append(lines.get(1)).append("\r\n");                          // CRLF
        text.append(lines.get(1)).append('\n');                            // a duplicate
        text.append("type=SECCOMP msg=audit(1.000:5): pid=1 arch=c000003e syscall=1 comm=\"cut\n"); // unreadable
        text.append("garbage ".repeat(LineSplitter.MAX_LINE / 8)).append('\n'); // exactly MAX_LINE: dropped
        text.append("y".repeat(LineSplitter.MAX_LINE - 1)).append('\n');   // just short enough: read (not a record)
        for (int i = 2; i < lines.size(); i++) text.append(lines.get(i)).append('\n');
        text.append("\n\n").append(lines.get(0)); // blank lines, then a last line without its break
        assertSameAtEveryBlockSize(text.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void aGeneratedRunOfManyProcessesAcrossManyBlocks() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append("type=SECCOMP msg=audit(1795359533.").append(String.format("%03d", i % 1000)).append(':')
                    .append(1000 + i + i / 997).append("): auid=0 uid=0 gid=0 ses=").append(3 + i / 5000)
                    .append(" pid=").append(7000 + i % 7).append(" comm=\"app\" exe=\"/srv/app/bin/app").append(i % 3)
                    .append("\" sig=0 arch=c000003e syscall=").append(i * 7 % 330)
                    .append(" compat=0 ip=0x7f1c2ec00000 code=0x7ffc0000\n");
            if (i % 4000 == 0) text.append("type=SYSCALL msg=audit(1795359533.000:").append(1000 + i + i / 997 + 1)
                    .append("): arch=c000003e syscall=59\n");
        }
        assertSameAtEveryBlockSize(text.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void aCompressedLogReadsTheSameAsItsText() throws IOException {
        byte[] text = sample("auditd-enriched.log");
        Path gz = dir.resolve("log.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(text);
        }
        Reading expected = lineByLine(text);
        for (int size : BLOCK_SIZES) assertEquals(expected, blocks(gz, size), "block size " + size);
    }
}
