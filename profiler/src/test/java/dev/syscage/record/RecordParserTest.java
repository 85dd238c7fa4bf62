package dev.syscage.record;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The parser against records captured from the real kernel (src/test/resources/audit-samples). */
class RecordParserTest {

    static List<String> lines(String sample) throws IOException {
        try (InputStream in = Objects.requireNonNull(RecordParserTest.class.getResourceAsStream("/audit-samples/" + sample))) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).lines().toList();
        }
    }

    @ParameterizedTest
    @CsvSource({
        "netlink-myos.txt, type=1326, 38",
        "netlink-i386-x32.txt, type=1326, 33",
        "kmsg-myos-ratelimited.txt, type=1326, 10",
        "kmsg-syscage-myos.txt, type=1326, 20",
        "auditd-raw.log, type=SECCOMP, 77",
        "auditd-enriched.log, type=SECCOMP, 70",
    })
    void parsesEverySeccompRecordOfEachCapture(String sample, String marker, int expected) throws IOException {
        List<String> seccomp = lines(sample).stream().filter(l -> l.contains(marker)).toList();
        assertEquals(expected, seccomp.size());
        for (String line : seccomp) {
            AuditRecord r = RecordParser.parse(line);
            assertNotNull(r, line);
            assertTrue(r.serial() > 0 && r.pid() > 0 && r.syscall() >= 0, line);
            assertEquals(0x7ffc0000L, r.code(), line);
        }
    }

    @Test
    void readsEveryFieldOfANetlinkRecord() throws IOException {
        AuditRecord r = RecordParser.parse(lines("netlink-myos.txt").stream()
                .filter(l -> l.contains("audit(1795359547.897:572285)")).findFirst().orElseThrow());
        assertAll(
                () -> assertEquals(572285L, r.serial()),
                () -> assertEquals(1795359547897L, r.epochMillis()),
                () -> assertEquals(7386L, r.pid()),
                () -> assertEquals(4294967295L, r.ses()),
                () -> assertEquals(4294967295L, r.auid()),
                () -> assertEquals(0L, r.uid()),
                () -> assertEquals("myos", r.comm()),
                () -> assertEquals("/srv/demo/myos", r.exe()),
                () -> assertEquals(0, r.sig()),
                () -> assertEquals(0xc000003eL, r.arch()),
                () -> assertEquals(12L, r.syscall()),
                () -> assertEquals(0, r.compat()),
                () -> assertEquals("log", r.actionName()));
    }

    /**
     * One parser takes a record whose text after the stamp repeats one of the last few from that record (its own
     * serial and time, the other fields the same): every capture, each line again with another stamp and with
     * one digit of a field changed, read by one parser, must give what a fresh parser gives for each line.
     */
    @ParameterizedTest
    @ValueSource(strings = {"netlink-myos.txt", "netlink-i386-x32.txt", "kmsg-syscage-myos.txt", "auditd-raw.log",
        "auditd-enriched.log"})
    void aRepeatedRecordHasItsOwnStampAndTheFieldsOfItsText(String sample) throws IOException {
        java.util.regex.Pattern stamp = java.util.regex.Pattern.compile("audit\\((\\d+)\\.(\\d+):(\\d+)\\)");
        List<String> lines = new java.util.ArrayList<>();
        for (String line : lines(sample)) {
            java.util.regex.Matcher m = stamp.matcher(line);
            if (!m.find() || !line.contains("syscall=")) continue;
            String later = "audit(" + (Long.parseLong(m.group(1)) + 7) + "." + m.group(2) + ":"
                    + (Long.parseLong(m.group(3)) + 1_000_000) + ")";
            String restamped = line.substring(0, m.start()) + later + line.substring(m.end());
            // the same length, the last digit of the syscall number changed
            java.util.regex.Matcher nr = java.util.regex.Pattern.compile("syscall=\\d*(\\d)").matcher(restamped);
            assertTrue(nr.find(), line);
            char digit = (char) ('0' + (restamped.charAt(nr.start(1)) - '0' + 1) % 10);
            String changed = restamped.substring(0, nr.start(1)) + digit + restamped.substring(nr.end(1));
            lines.addAll(List.of(line, restamped, line, changed, restamped, changed));
        }
        assertTrue(lines.size() > 60, sample);
        RecordParser shared = new RecordParser();
        int repeats = 0;
        AuditRecord previous = null;
        for (String line : lines) {
            byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
            AuditRecord r = shared.parse(b, 0, b.length);
            assertEquals(RecordParser.parse(new String(b, StandardCharsets.UTF_8)), r, line);
            if (r != null && previous != null && r.syscall() == previous.syscall() && r.serial() != previous.serial()) {
                repeats++;
            }
            previous = r;
        }
        assertTrue(repeats > 0);
    }

    @Test
    void keepsTheCompatAbisApart() throws IOException {
        List<AuditRecord> records = lines("netlink-i386-x32.txt").stream().map(RecordParser::parse)
                .filter(Objects::nonNull).toList();
        AuditRecord i386 = records.stream().filter(r -> r.compat() == 1).findFirst().orElseThrow();
        assertEquals(0x40000003L, i386.arch());
        assertEquals(20L, i386.syscall());
        AuditRecord x32 = records.stream().filter(r -> r.syscall() == 1073741863L).findFirst().orElseThrow();
        assertEquals(0xc000003eL, x32.arch());
        assertEquals(0, x32.compat());
    }

    @Test
    void ignoresAuditdsEnrichedFields() throws IOException {
        String line = lines("auditd-enriched.log").stream().filter(l -> l.contains("syscall=20 compat=1"))
                .findFirst().orElseThrow();
        assertTrue(line.contains("SYSCALL=unknown-syscall(-1)"));
        AuditRecord r = RecordParser.parse(line);
        assertEquals(20L, r.syscall());
        assertEquals(0x40000003L, r.arch());
    }

    @Test
    void decodesHexEncodedNames() {
        AuditRecord r = RecordParser.parse("audit(1.002:3): ses=5 pid=9 comm=6D7920636F6D6D exe=2F746D702F6120622F63"
                + " sig=0 arch=c000003e syscall=1 compat=0 ip=0x1 code=0x80000000");
        assertEquals("my comm", r.comm());
        assertEquals("/tmp/a b/c", r.exe());
        assertEquals(1002L, r.epochMillis());
        assertTrue(r.refused());
        assertEquals("kill_process", r.actionName());
    }

    @Test
    void takesOnlyAsciiHexAsAnEncodedName() {
        AuditRecord r = RecordParser.parse("audit(1.002:3): pid=9 comm=\u06f3\u06f3 arch=c000003e syscall=1");
        assertEquals("\u06f3\u06f3", r.comm());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "audit(", "audit(1.2:3)", "audit(1.2:3): pid=", "audit(x.y:z): pid=1 arch=c000003e syscall=1",
        "type=1326 audit(1795359547.897:572285): auid=4294967295 uid=0 gid=0 ses=4294967295 pid=7386 comm=\"myo",
        "audit(1.2:3): pid=99999999999999999999 arch=c000003e syscall=1", "\u0000\u0001\u00ff garbage ==== \"",
        "audit(1.2:3): = == pid=1 arch=zz syscall=1",
        "audit(\u06f1.2:3): pid=\u06f3 arch=c000003e syscall=1",
        "audit(99999999999999999.123:5): pid=5 arch=c000003e syscall=1",
        "audit(1.1234:5): pid=5 arch=c000003e syscall=1"})
    void rejectsMalformedTextWithoutThrowing(String text) {
        assertNull(RecordParser.parse(text));
    }
}
