package dev.syscage.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.syscage.record.AuditLine.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Line kinds and serials in every format syscage reads, on the real captures and on the kernel's own lines. */
class AuditLineTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Kind kind(String line) {
        byte[] bytes = b(line);
        return AuditLine.kind(bytes, 0, bytes.length);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "type=SECCOMP msg=audit(1795359536.565:572173): auid=4294967295 pid=7314 arch=c000003e syscall=1 | SECCOMP",
        "[ 1305.851214] audit: type=1326 audit(1795359547.789:572244): pid=7343 arch=c000003e syscall=59 | SECCOMP",
        "Nov 22 15:33:01 vm kernel: audit: type=1326 audit(1795359547.789:572244): pid=7343 syscall=59 | SECCOMP",
        "node=web1 type=SECCOMP msg=audit(1795359536.565:572173): pid=7314 arch=c000003e syscall=1 | SECCOMP",
        "type=SYSCALL msg=audit(1795359535.561:572172): arch=c000003e syscall=44 success=yes pid=7310 | KERNEL",
        "type=1300 audit(1795359547.893:572282): arch=c000003e syscall=49 pid=7345 | KERNEL",
        "type=PROCTITLE msg=audit(1795359535.561:572172): proctitle=\"auditd\" | KERNEL",
        "type=DAEMON_START msg=audit(1795359535.566:867): op=start ver=3.0.9 format=enriched | DAEMON",
        "type=1305 audit(1795359547.893:5): op=set | KERNEL",
        "type=1203 audit(1795359547.893:5): op=rotate | DAEMON",
        "audit(1795359547.893:5): pid=1 arch=c000003e syscall=1 | OTHER",
        "type=SECCOMP msg=audit(17953x.565:1): pid=1 | OTHER",
        "[ 1412.061608] kauditd_printk_skb: 61 callbacks suppressed | OTHER",
        "garbage type= audit( | OTHER",
    })
    void kinds(String line, Kind kind) {
        assertEquals(kind, kind(line));
    }

    /** typeOf reads only the type: the kind when the stamp is well formed, and never checks the stamp. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "type=SECCOMP msg=audit(1795359536.565:572173): pid=7314 arch=c000003e syscall=1 | SECCOMP",
        "type=SECCOMP msg=audit(17953x.565:1): pid=1 | SECCOMP",
        "type=SECCOMP msg=audit(1.2)3: pid=1 | SECCOMP",
        "type=SYSCALL msg=audit(1795359535.561:572172): arch=c000003e | KERNEL",
        "type=1203 audit(x): op=rotate | DAEMON",
        "audit(1795359547.893:5): pid=1 | OTHER",
        "type=SECCOMP and no stamp | OTHER",
    })
    void typeOf(String line, Kind kind) {
        byte[] bytes = b(line);
        assertEquals(kind, AuditLine.typeOf(bytes, 0, AuditLine.open(bytes, 0, bytes.length)));
    }

    @Test
    void serialOfEveryRecordOfTheCaptures() throws IOException {
        for (String sample : List.of("auditd-raw.log", "auditd-enriched.log", "kmsg-myos-ratelimited.txt", "kmsg-syscage-myos.txt",
                "netlink-myos.txt")) {
            for (String line : RecordParserTest.lines(sample)) {
                byte[] bytes = b(line);
                long serial = AuditLine.serial(bytes, 0, bytes.length);
                assertEquals(line.contains("audit("), serial > 0, line);
                if (kind(line) == Kind.SECCOMP) {
                    AuditRecord r = new RecordParser().parse(bytes, 0, bytes.length);
                    assertNotNull(r, line);
                    assertEquals(r.serial(), serial, line);
                }
            }
        }
    }

    @Test
    void readsTheKernelsLossLines() {
        byte[] s = b("[ 1427.887545] kauditd_printk_skb: 2119 callbacks suppressed");
        assertEquals(2119, AuditLine.suppressed(s, 0, s.length));
        byte[] j = b("Nov 22 15:33:01 vm kernel: kauditd_printk_skb: 7 callbacks suppressed");
        assertEquals(7, AuditLine.suppressed(j, 0, j.length));
        byte[] other = b("[ 1.0] net_ratelimit: 5 callbacks suppressed");
        assertEquals(-1, AuditLine.suppressed(other, 0, other.length));
        byte[] lost = b("[ 9.1] audit: audit_lost=42 audit_rate_limit=0 audit_backlog_limit=64");
        assertEquals(42, AuditLine.kernelLost(lost, 0, lost.length));
        assertEquals(-1, AuditLine.kernelLost(s, 0, s.length));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "audit(", "kauditd_printk_skb: ", "kauditd_printk_skb: x callbacks suppressed",
        "audit: audit_lost=", "type=", "type=SECCOMP", "\u0000\u00ff\u001d"})
    void neverThrowsOnFragments(String text) {
        byte[] bytes = b(text);
        AuditLine.kind(bytes, 0, bytes.length);
        AuditLine.serial(bytes, 0, bytes.length);
        AuditLine.suppressed(bytes, 0, bytes.length);
        AuditLine.kernelLost(bytes, 0, bytes.length);
    }

    @Test
    void parsesInsideABufferAndSharesRepeatedNames() {
        String line = "type=1326 audit(1.002:3): ses=5 pid=9 comm=\"myos\" exe=\"/srv/demo/myos\" arch=c000003e syscall=1";
        byte[] bytes = b("xxxx" + line + "\nyyyy");
        RecordParser parser = new RecordParser();
        AuditRecord first = parser.parse(bytes, 4, 4 + line.length());
        AuditRecord second = parser.parse(bytes, 4, 4 + line.length());
        assertEquals(1L, first.syscall());
        assertEquals("/srv/demo/myos", first.exe());
        assertSame(first.exe(), second.exe(), "the exe of every record of a run is one String");
    }
}
