package dev.syscage.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What one line comes to: a SECCOMP line is a record, unreadable (a record that was cut), or not a record at all. */
class LineScannerTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "type=SECCOMP msg=audit(1795359536.565:572173): pid=7314 arch=c000003e syscall=1 | RECORD | 572173",
        "[ 13.1] audit: type=1326 audit(1795359547.789:572244): pid=7343 arch=c000003e syscall=59 | KERNEL_LOG_RECORD | 572244",
        // cut after its stamp: a record that did not parse, and so a lost one
        "type=SECCOMP msg=audit(1795359536.565:572173): pid=7314 arch=c0 | UNREADABLE | 0",
        // a stamp that is not one: not a record at all, as AuditLine.kind says
        "type=SECCOMP msg=audit(17953x.565:1): pid=1 arch=c000003e syscall=1 | NONE | 0",
        "type=SECCOMP msg=audit(1795359536.565:1 | NONE | 0",
        "type=SYSCALL msg=audit(1795359535.561:572172): arch=c000003e syscall=44 | KERNEL_SERIAL | 572172",
        "type=SYSCALL msg=audit(1795359535.561:57x): arch=c000003e syscall=44 | NONE | 0",
        "type=DAEMON_START msg=audit(1795359535.566:867): op=start | NONE | 0",
        "[ 1412.061608] kauditd_printk_skb: 61 callbacks suppressed | SUPPRESSED | 61",
        "[ 1412.061608] audit: audit_lost=7 audit_rate_limit=0 audit_backlog_limit=64 | KERNEL_LOST | 7",
    })
    void whatALineComesTo(String line, String kind, long value) {
        byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
        ScannedLines out = new ScannedLines();
        new LineScanner().line(b, 0, b.length, out);
        assertEquals(1, out.lines());
        if (kind.equals("NONE")) {
            assertEquals(0, out.size());
            return;
        }
        assertEquals(1, out.size());
        assertEquals(ScannedLines.Kind.valueOf(kind), out.kind(0));
        long got = out.record(0) != null ? out.record(0).serial() : out.value(0);
        assertEquals(value, got);
    }
}
