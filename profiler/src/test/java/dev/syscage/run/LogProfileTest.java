package dev.syscage.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syscage.nativeparts.NativeContract;
import dev.syscage.nativeparts.NativeContract.MarkerKind;
import dev.syscage.phase.ProcessFilter;
import dev.syscage.policy.Phase;
import dev.syscage.policy.Profile;
import dev.syscage.policy.SyscallRef;
import dev.syscage.source.FileSource;
import dev.syscage.syscalls.Arch;
import dev.syscage.syscalls.SyscallTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offline profiles from the real captures (src/test/resources/audit-samples) and from logs made of them:
 * every format gives the same calls, and damage to a log is either harmless or reported as loss.
 */
class LogProfileTest {
    private static final String MYOS = "/srv/demo/myos";

    @TempDir
    Path dir;

    static String sample(String name) throws IOException {
        try (InputStream in = Objects.requireNonNull(LogProfileTest.class.getResourceAsStream("/audit-samples/" + name))) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private Path file(String name, String text) throws IOException {
        return Files.write(dir.resolve(name), text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static LogProfile.Result parse(ProcessFilter filter, Path... files) {
        return LogProfile.build(FileSource.of(List.of(files)), new LogProfile.Options(OptionalInt.empty(), filter),
                SyscallTable.get(), "test");
    }

    private static ProcessFilter exe(String exe) {
        return new ProcessFilter(Set.of(), Set.of(exe), Set.of());
    }

    private static SortedSet<SyscallRef> calls(LogProfile.Result r) {
        assertNotNull(r.profile(), r.problem());
        return r.profile().all();
    }

    @Test
    void everyFormatGivesTheSameCalls() throws IOException {
        SortedSet<SyscallRef> raw = calls(parse(exe(MYOS), file("raw.log", sample("auditd-raw.log"))));
        SortedSet<SyscallRef> enriched = calls(parse(exe(MYOS), file("enriched.log", sample("auditd-enriched.log"))));
        SortedSet<SyscallRef> netlink = calls(parse(exe(MYOS), file("netlink.txt", sample("netlink-myos.txt"))));
        assertEquals(raw, enriched);
        // The netlink capture is of another run, whose stdout was a terminal: glibc asked with ioctl(TCGETS).
        TreeSet<SyscallRef> netlinkOnly = new TreeSet<>(netlink);
        netlinkOnly.removeAll(raw);
        assertEquals(Set.of(SyscallRef.parse("ioctl")), netlinkOnly);
        assertTrue(netlink.containsAll(raw));
        // execve is not among them: its record carries the launcher's exe, the one it replaced.
        for (String call : new String[] {"uname", "write", "exit_group", "brk", "mmap"}) {
            assertTrue(raw.contains(SyscallRef.parse(call)), call + " in " + raw);
        }
        LogProfile.Result r = parse(exe(MYOS), file("raw2.log", sample("auditd-raw.log")));
        assertEquals(35, r.profile().metadata().records());
        assertEquals(0, r.profile().metadata().lost());
        assertTrue(r.profile().phase(Phase.INIT).isEmpty(), "no marker: everything in main");
        assertTrue(r.profile().metadata().warnings().stream().anyMatch(w -> w.contains("no syscage phase marker")));
        assertEquals(MYOS, r.profile().metadata().exe());
    }

    @Test
    void compatAndX32CallsKeepTheirAbi() throws IOException {
        Profile p = parse(exe("/srv/demo/i386"), file("i386.log", sample("auditd-raw.log"))).profile();
        assertEquals(Arch.X86_64, p.arch());
        assertTrue(p.all().contains(SyscallRef.parse("x86:getpid")), p.all().toString());
        assertTrue(p.all().contains(SyscallRef.parse("x32:getpid")), p.all().toString());
    }

    @Test
    void aLogFromAnAarch64MachineIsMappedByEachRecordsArch() throws IOException {
        // aarch64: 64 write, 94 exit_group, 222 mmap; 32-bit arm (compat): 4 write.
        StringBuilder log = new StringBuilder();
        long serial = 500;
        for (String[] call : new String[][] {{"c00000b7", "222", "0"}, {"c00000b7", "64", "0"}, {"40000028", "4", "1"},
                {"c00000b7", "94", "0"}}) {
            log.append("type=SECCOMP msg=audit(1700000000.000:").append(serial++).append("): auid=0 uid=0 gid=0 ses=3 ")
                    .append("pid=77 comm=\"app\" exe=\"/opt/app\" sig=0 arch=").append(call[0]).append(" syscall=")
                    .append(call[1]).append(" compat=").append(call[2]).append(" ip=0x1 code=0x7ffc0000\n");
        }
        Profile p = parse(ProcessFilter.ANY, file("arm.log", log.toString())).profile();
        assertEquals(Arch.AARCH64, p.arch());
        assertEquals(List.of("exit_group", "mmap", "write", "arm:write"),
                p.phase(Phase.MAIN).stream().map(SyscallRef::text).toList());
    }

    @Test
    void mixedDuplicatedInterleavedAndGarbageLinesChangeNothing() throws IOException {
        List<String> lines = new ArrayList<>(sample("auditd-raw.log").lines().toList());
        Profile clean = parse(exe(MYOS), file("clean.log", String.join("\n", lines) + "\n")).profile();
        List<String> messy = new ArrayList<>();
        Random random = new Random(7);
        for (String line : lines) {
            messy.add(line);
            if (random.nextInt(3) == 0) messy.add(line); // duplicated
            if (random.nextInt(5) == 0) messy.add("\u0000\u00ff\u001d garbage type=SECCOMP audit( ==== \"");
            if (random.nextInt(7) == 0) messy.add("Nov 22 15:33:01 vm kernel: eth0: link up");
        }
        // Interleaved with the kernel log of another program's run (other serial numbers, other exes).
        List<String> other = sample("netlink-i386-x32.txt").lines().toList();
        for (int i = 0; i < other.size(); i++) messy.add(Math.min(messy.size(), i * 3), other.get(i));
        messy.add("type=SECCOMP msg=audit(1795359533.501:57"); // a truncated last line, no record of myos
        LogProfile.Result r = parse(exe(MYOS), file("messy.log", String.join("\n", messy)));
        assertEquals(clean.phases(), r.profile().phases());
        assertEquals(clean.counts(), r.profile().counts(), "duplicated lines count once");
        assertEquals(0, r.profile().metadata().lost());
    }

    @Test
    void aTruncatedRecordInsideTheRunIsALostRecord() throws IOException {
        List<String> lines = new ArrayList<>(sample("auditd-raw.log").lines().toList());
        int victim = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("comm=\"myos\"") && lines.get(i).contains("syscall=12 ")) victim = i;
        }
        String line = lines.get(victim);
        lines.set(victim, line.substring(0, line.indexOf(" arch=")));
        LogProfile.Result r = parse(exe(MYOS), file("cut.log", String.join("\n", lines) + "\n"));
        assertEquals(1, r.loss().lost(), r.loss().found());
        assertFalse(r.profile().metadata().complete());
        assertTrue(r.profile().metadata().warnings().stream().anyMatch(w -> w.contains("truncated or malformed")));
    }

    @Test
    void rotatedAndCompressedFilesInAnyOrder() throws IOException {
        List<String> lines = sample("auditd-enriched.log").lines().toList();
        Profile whole = parse(exe(MYOS), file("whole.log", String.join("\n", lines) + "\n")).profile();
        int half = lines.size() / 2;
        Path older = dir.resolve("audit.log.1.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(older))) {
            out.write((String.join("\n", lines.subList(0, half)) + "\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        Path newer = file("audit.log", String.join("\n", lines.subList(half, lines.size())) + "\n");
        LogProfile.Result r = parse(exe(MYOS), newer, older);
        assertEquals(whole.phases(), r.profile().phases());
        assertEquals(whole.counts(), r.profile().counts());
        assertEquals(0, r.loss().lost());
        assertEquals(List.of(older, newer), FileSource.of(List.of(newer, older)).files());
    }

    @Test
    void aDamagedArchiveIsReadUpToTheDamage() throws IOException {
        // Two gzip members, as logrotate's appends make: the log, then noise cut off in the middle.
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(sample("auditd-raw.log").getBytes(StandardCharsets.ISO_8859_1));
        }
        byte[] noise = new byte[100_000];
        new Random(1).nextBytes(noise);
        java.io.ByteArrayOutputStream second = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(second)) {
            out.write(noise);
        }
        bytes.write(second.toByteArray(), 0, second.size() - 5000);
        Path gz = Files.write(dir.resolve("damaged.log.gz"), bytes.toByteArray());
        LogProfile.Result r = parse(exe(MYOS), gz);
        Profile clean = parse(exe(MYOS), file("clean.log", sample("auditd-raw.log"))).profile();
        assertEquals(clean.phases(), r.profile().phases());
        assertTrue(r.profile().metadata().warnings().stream().anyMatch(w -> w.contains("the rest of it was skipped")),
                r.profile().metadata().warnings().toString());
    }

    @Test
    void severalProgramsWithoutMarkersNeedAChoice() throws IOException {
        LogProfile.Result r = parse(ProcessFilter.ANY, file("raw.log", sample("auditd-raw.log")));
        assertNull(r.profile());
        assertTrue(r.problem().contains("/srv/demo/myos") && r.problem().contains("--exe"), r.problem());
        LogProfile.Result none = parse(exe("/no/such"), file("raw.log", sample("auditd-raw.log")));
        assertTrue(none.problem().startsWith("no SECCOMP audit records of the processes given"), none.problem());
    }

    /** The end key of the run with TOKEN in these logs. */
    private static long key(int token) {
        return token * 0x1000001L + 5;
    }

    /** A syscage run as the kernel logs it: START, KEY, init calls, CROSS, MAIN, main calls, END. */
    private static List<String> run(int token, long firstSerial, int ses, long pid, int mainCalls) {
        List<String> out = new ArrayList<>();
        long[] serial = {firstSerial};
        java.util.function.BiConsumer<Integer, Long> rec = (s, nr) -> out.add(line(serial[0]++, s, pid, nr));
        rec.accept(ses, NativeContract.markerNumber(MarkerKind.START, token));
        rec.accept(ses, NativeContract.markerNumber(MarkerKind.KEY, NativeContract.keyHigh(key(token))));
        rec.accept(ses, NativeContract.markerNumber(MarkerKind.KEY, NativeContract.keyLow(key(token))));
        rec.accept(ses, 59L);
        rec.accept(ses, 12L);
        rec.accept(ses, NativeContract.markerNumber(MarkerKind.CROSS, token));
        rec.accept(ses + 1, NativeContract.markerNumber(MarkerKind.MAIN, token));
        rec.accept(ses + 1, 3L);
        for (int i = 0; i < mainCalls; i++) rec.accept(ses + 1, 1L);
        rec.accept(ses + 1, 231L);
        out.addAll(end(key(token), serial[0]));
        return out;
    }

    /** The two END markers of KEY from a --mark-end process (pid 4444, ses 4). */
    private static List<String> end(long key, long serial) {
        return List.of(line(serial, 4, 4444, NativeContract.markerNumber(MarkerKind.END, NativeContract.keyHigh(key))),
                line(serial + 1, 4, 4444, NativeContract.markerNumber(MarkerKind.END, NativeContract.keyLow(key))));
    }

    private static String line(long serial, long ses, long pid, long syscall) {
        return "type=SECCOMP msg=audit(1700000000.000:" + serial + "): auid=0 uid=0 gid=0 ses=" + ses + " pid=" + pid
                + " comm=\"t\" exe=\"/bin/t\" sig=0 arch=c000003e syscall=" + syscall + " compat=0 ip=0x1 "
                + "code=0x7ffc0000";
    }

    @Test
    void markersSplitPhasesAndTheLargestRunIsTaken() throws IOException {
        List<String> log = new ArrayList<>(run(111, 1000, 50, 10, 5));
        log.addAll(run(222, 2000, 60, 20, 9));
        Path f = file("runs.log", String.join("\n", log) + "\n");
        LogProfile.Result r = parse(ProcessFilter.ANY, f);
        assertTrue(r.chosen().contains("token 222") && r.chosen().contains("111"), r.chosen());
        Profile p = r.profile();
        assertEquals(List.of("brk", "execve"), p.phase(Phase.INIT).stream().map(SyscallRef::text).toList());
        assertEquals(List.of("exit_group", "write"), p.phase(Phase.MAIN).stream().map(SyscallRef::text).toList(),
                "the library's own close is not the program's");
        assertEquals(9L, p.counts().get(Phase.MAIN).get(SyscallRef.parse("write")));
        assertTrue(p.metadata().complete());

        LogProfile.Result other = LogProfile.build(FileSource.of(List.of(f)),
                new LogProfile.Options(OptionalInt.of(111), ProcessFilter.ANY), SyscallTable.get(), "test");
        assertEquals(5L, other.profile().counts().get(Phase.MAIN).get(SyscallRef.parse("write")));
    }

    @Test
    void aRunWithGapsOrWithoutItsEndIsIncomplete() throws IOException {
        List<String> log = new ArrayList<>(run(333, 1000, 50, 10, 5));
        log.remove(8); // one main-phase write
        LogProfile.Result gap = parse(ProcessFilter.ANY, file("gap.log", String.join("\n", log) + "\n"));
        assertEquals("serial-gap 1", gap.loss().found());
        List<String> cut = new ArrayList<>(run(333, 1000, 50, 10, 5));
        cut.remove(cut.size() - 1); // no END (its first half alone is none)
        LogProfile.Result end = parse(ProcessFilter.ANY, file("end.log", String.join("\n", cut) + "\n"));
        assertEquals("markers 1", end.loss().found());
        assertFalse(end.profile().metadata().complete());
    }

    /** Issue 14, item 6: the START is in an older rotated file that was not given. */
    @Test
    void aRunWithoutItsStartIsIncompleteAndSaysWhereItIs() throws IOException {
        List<String> log = new ArrayList<>(run(555, 1000, 50, 10, 5));
        List<String> newer = log.subList(4, log.size()); // START, KEY and the first init call are in audit.log.1
        LogProfile.Result r = parse(exe("/bin/t"), file("audit.log", String.join("\n", newer) + "\n"));
        assertFalse(r.profile().metadata().complete());
        assertTrue(r.loss().found().contains("markers 1"), r.loss().found());
        assertTrue(r.profile().metadata().warnings().stream().anyMatch(w -> w.contains("without the run's START marker")
                && w.contains("rotated")), r.profile().metadata().warnings().toString());
        LogProfile.Result both = parse(exe("/bin/t"), file("audit.log.1", String.join("\n", log.subList(0, 4)) + "\n"),
                dir.resolve("audit.log"));
        assertTrue(both.profile().metadata().complete(), both.profile().metadata().warnings().toString());
    }

    /** Issue 14, item 6: another run's END (or a forged one, with this run's token) does not end this run. */
    @Test
    void anotherRunsEndDoesNotEndThisOne() throws IOException {
        List<String> log = new ArrayList<>(run(666, 1000, 50, 10, 5));
        // Before this run's exit_group: the END of another run's key, and END markers with this run's token.
        int at = log.size() - 4; // the last write
        log.addAll(at, end(key(777), 5000));
        log.add(at, line(5002, 4, 4444, NativeContract.markerNumber(MarkerKind.END, 666)));
        log.add(at, line(5003, 90, 9000, NativeContract.markerNumber(MarkerKind.END, NativeContract.keyLow(key(666)))));
        log.remove(at + 4); // and one of this run's main-phase records is lost after them
        LogProfile.Result r = parse(ProcessFilter.ANY, file("foreign-end.log", String.join("\n", log) + "\n"));
        assertTrue(r.profile().phase(Phase.MAIN).contains(SyscallRef.parse("exit_group")), r.profile().toString());
        assertEquals("serial-gap 1", r.loss().found(), "the gap is inside the run's window");
        assertFalse(r.profile().metadata().complete());
    }

    /** Issue 14, item 6: two STARTs with one token: one may be forged; --pid picks the launcher. */
    @Test
    void twoStartsWithOneTokenAreSaidAndPickedByPid() throws IOException {
        List<String> log = new ArrayList<>(run(888, 1000, 50, 10, 5));
        log.addAll(run(888, 2000, 60, 20, 9));
        Path f = file("twice.log", String.join("\n", log) + "\n");
        LogProfile.Result r = parse(ProcessFilter.ANY, f);
        assertFalse(r.profile().metadata().complete());
        assertTrue(r.profile().metadata().warnings().stream().anyMatch(w -> w.contains("2 START markers with token 888")
                && w.contains("--pid")), r.profile().metadata().warnings().toString());
        LogProfile.Result picked = parse(new ProcessFilter(Set.of(10L), Set.of(), Set.of()), f);
        assertTrue(picked.profile().metadata().complete(), picked.profile().metadata().warnings().toString());
        assertEquals(5L, picked.profile().counts().get(Phase.MAIN).get(SyscallRef.parse("write")));
    }

    @Test
    void aRateLimitedKernelLogOfASyscageRunShowsItsLoss() throws IOException {
        LogProfile.Result r = parse(ProcessFilter.ANY, file("dmesg.txt", sample("kmsg-syscage-myos.txt")));
        assertEquals("the syscage run with token 3359525", r.chosen());
        Profile p = r.profile();
        assertTrue(p.phase(Phase.INIT).contains(SyscallRef.parse("execve")), p.phase(Phase.INIT).toString());
        assertTrue(p.phase(Phase.MAIN).isEmpty(), "the MAIN marker was suppressed with the rest");
        assertEquals(9, p.metadata().records());
        // 60 records suppressed after the last one shown (the next record shown is 61 serials on), END among them.
        assertEquals("serial-gap 60, kmsg-suppressed 60, markers 1", r.loss().found());
        assertEquals(60, p.metadata().lost());
        assertTrue(p.metadata().warnings().stream().anyMatch(w -> w.contains("records from the kernel log")));
    }

    @Test
    void aHugeLogStreams() throws IOException {
        // 300,000 records of one run: read with flat memory (counts, not records), in a few seconds.
        Path f = dir.resolve("huge.log");
        try (var out = Files.newBufferedWriter(f, StandardCharsets.ISO_8859_1)) {
            for (String line : run(444, 10, 70, 30, 300_000)) out.write(line + "\n");
        }
        LogProfile.Result r = parse(ProcessFilter.ANY, f);
        assertEquals(300_000L, r.profile().counts().get(Phase.MAIN).get(SyscallRef.parse("write")));
        assertEquals(0, r.loss().lost());
        assertEquals(new TreeSet<>(List.of(SyscallRef.parse("write"), SyscallRef.parse("exit_group"))),
                r.profile().phase(Phase.MAIN));
    }
}
