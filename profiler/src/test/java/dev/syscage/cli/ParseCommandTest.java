package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syscage.policy.Phase;
import dev.syscage.policy.Profile;
import dev.syscage.policy.ProfileYaml;
import dev.syscage.policy.SyscallRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** syscage parse as a user runs it: on the real captures, compressed or piped, and every bad input. */
class ParseCommandTest {
    @TempDir
    Path dir;

    @BeforeEach
    void samples() throws IOException {
        for (String s : List.of("auditd-raw.log", "auditd-enriched.log", "kmsg-myos-ratelimited.txt")) {
            try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/audit-samples/" + s))) {
                Files.write(dir.resolve(s), in.readAllBytes());
            }
        }
    }

    @Test
    void profilesANamedProgramOfAnAuditdLog() throws Exception {
        Syscage.Result r = Syscage.cli(dir, "parse", "--exe", "/srv/demo/myos", "auditd-raw.log");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stderr().contains("profiled no syscage phase marker for these processes"), r.stderr());
        Profile p = ProfileYaml.read(dir.resolve("myos.syscage.yaml"));
        assertTrue(p.phase(Phase.MAIN).contains(SyscallRef.parse("uname")));
        assertTrue(p.phase(Phase.INIT).isEmpty());
        assertEquals("file: auditd-raw.log", p.metadata().source());
        assertTrue(p.metadata().complete());
        assertTrue(p.baseline().contains(SyscallRef.parse("restart_syscall")), "parse writes the baseline too");
        Syscage.Result strict = Syscage.cli(dir, "parse", "--no-baseline", "--exe", "/srv/demo/myos", "-o", "s.yaml",
                "auditd-raw.log");
        assertEquals(0, strict.exit(), strict.toString());
        assertTrue(ProfileYaml.read(dir.resolve("s.yaml")).baseline().isEmpty());
    }

    /** Issue 14, item 6: a run whose START is in an older rotated file is incomplete (122), and says where. */
    @Test
    void aRunWhoseStartIsInAnOlderFileIsIncomplete() throws Exception {
        StringBuilder log = new StringBuilder();
        long serial = 5000;
        int token = 4321;
        long[][] calls = {{51, dev.syscage.nativeparts.NativeContract.markerNumber(
                dev.syscage.nativeparts.NativeContract.MarkerKind.MAIN, token)}, {51, 3}, {51, 1}, {51, 231}};
        for (long[] c : calls) {
            log.append("type=SECCOMP msg=audit(1795359533.000:").append(serial++).append("): auid=0 uid=0 ses=")
                    .append(c[0]).append(" pid=77 comm=\"t\" exe=\"/bin/t\" sig=0 arch=c000003e syscall=").append(c[1])
                    .append(" compat=0 ip=0x1 code=0x7ffc0000\n");
        }
        Files.writeString(dir.resolve("audit.log"), log);
        Syscage.Result r = Syscage.cli(dir, "parse", "--exe", "/bin/t", "audit.log");
        assertEquals(ExitCodes.INCOMPLETE, r.exit(), r.toString());
        assertTrue(r.stderr().contains("without the run's START marker") && r.stderr().contains("rotated files"),
                r.toString());
        assertFalse(ProfileYaml.read(dir.resolve("t.syscage.yaml")).metadata().complete());
    }

    /**
     * A profile too wide for the heap (the wrapper caps it at 64m; 1000 executables x 331 syscalls fit) is
     * one line naming the fix, not a stack trace.
     */
    @Test
    void runningOutOfHeapIsOneLineNamingTheFix() throws Exception {
        StringBuilder log = new StringBuilder();
        for (int exe = 0; exe < 200; exe++) {
            for (int nr = 0; nr < 331; nr++) {
                log.append("type=SECCOMP msg=audit(1795359533.000:").append(1000 + exe * 331 + nr)
                        .append("): auid=0 uid=0 ses=3 pid=").append(7000 + exe).append(" comm=\"app\" exe=\"/srv/app")
                        .append(exe).append("\" sig=0 arch=c000003e syscall=").append(nr)
                        .append(" compat=0 ip=0x7f1c2ec00000 code=0x7ffc0000\n");
            }
        }
        Files.writeString(dir.resolve("wide.log"), log);
        Syscage.Result r = Syscage.cliWithHeap(dir, "12m", "parse", "--comm", "app", "wide.log");
        assertEquals(ExitCodes.SETUP_FAILED, r.exit(), r.toString());
        assertEquals(List.of("syscage: out of memory (a heap of 12 MB); run it again with a larger one, e.g. "
                + "SYSCAGE_HEAP=256m"), r.stderr().lines().filter(l -> !l.startsWith("syscage: main:")).toList(),
                r.stderr());
        assertEquals(0, Syscage.cli(dir, "parse", "--comm", "app", "wide.log").exit(), "fits the wrapper's heap");
    }

    @Test
    void readsCompressedLogsAndStandardInput() throws Exception {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("audit.log.gz")))) {
            out.write(Files.readAllBytes(dir.resolve("auditd-enriched.log")));
        }
        Syscage.Result gz = Syscage.cli(dir, "parse", "--comm", "myos", "-o", "gz.yaml", "audit.log.gz");
        assertEquals(0, gz.exit(), gz.toString());
        Syscage.Result piped = Syscage.cliWithInput(dir, dir.resolve("auditd-raw.log"), "parse", "--comm", "myos",
                "-o", "piped.yaml", "-");
        assertEquals(0, piped.exit(), piped.toString());
        assertEquals(ProfileYaml.read(dir.resolve("gz.yaml")).phases(), ProfileYaml.read(dir.resolve("piped.yaml")).phases());
    }

    @Test
    void aKernelLogCaptureIsFlagged() throws Exception {
        Syscage.Result r = Syscage.cli(dir, "parse", "--exe", "/srv/demo/myos", "-o", "k.yaml",
                "kmsg-myos-ratelimited.txt");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stderr().contains("warning: records from the kernel log"), r.stderr());
    }

    @Test
    void aLogWithGapsIsIncompleteUnlessAccepted() throws Exception {
        List<String> lines = Files.readAllLines(dir.resolve("auditd-raw.log"), java.nio.charset.StandardCharsets.ISO_8859_1);
        int victim = lines.size() / 2;
        while (!lines.get(victim).contains("comm=\"myos\"")) victim++;
        lines.remove(victim);
        Files.write(dir.resolve("gap.log"), lines, java.nio.charset.StandardCharsets.ISO_8859_1);
        Syscage.Result r = Syscage.cli(dir, "parse", "--exe", "/srv/demo/myos", "-o", "gap.yaml", "gap.log");
        assertEquals(ExitCodes.INCOMPLETE, r.exit(), r.toString());
        String verdict = r.stderr().lines().filter(l -> l.contains("were lost")).findFirst().orElseThrow();
        assertTrue(verdict.contains("serial-gap 1") && verdict.contains("give every log file"), verdict);
        assertFalse(ProfileYaml.read(dir.resolve("gap.yaml")).metadata().complete());
        Syscage.Result accepted = Syscage.cli(dir, "parse", "--allow-incomplete", "--exe", "/srv/demo/myos", "-o",
                "gap.yaml", "gap.log");
        assertEquals(0, accepted.exit(), accepted.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing file        | parse nothing.log                               | cannot read nothing.log: no such file",
        "a directory         | parse .                                         | cannot read .: not a readable file",
        "no file             | parse                                           | FILE",
        "bad session         | parse --session 99999999 auditd-raw.log          | --session 99999999 is not a marker token",
        "session not there   | parse --session 5 auditd-raw.log                 | no syscage run with token 5",
        "no such program     | parse --exe /no/such auditd-raw.log              | no SECCOMP audit records of the processes given",
        "several programs    | parse auditd-raw.log                             | choose one with --exe, --comm or --pid",
        "stdin twice         | parse - -                                        | standard input) is given twice",
        "bad pid             | parse --pid x auditd-raw.log                     | --pid",
    })
    void badInputGetsOneClearLine(String name, String args, String mention) throws Exception {
        Syscage.Result r = Syscage.cli(dir, args.trim().split("\\s+"));
        assertEquals(ExitCodes.BAD_INPUT, r.exit(), r.toString());
        assertEquals(1, r.stderr().lines().count(), "one line: " + r.stderr());
        assertTrue(r.stderr().startsWith("syscage: ") && r.stderr().contains(mention), r.stderr());
        assertFalse(r.stderr().contains("\tat "), r.stderr());
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".syscage.yaml")), "no profile written");
        }
    }
}
