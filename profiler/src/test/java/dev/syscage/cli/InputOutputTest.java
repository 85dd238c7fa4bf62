package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syscage.policy.ProfileYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What syscage reads and writes: inputs that are not regular files or are too large are refused without being
 * read; an output is checked before the work and, when writing fails at the end anyway, the profile is kept
 * somewhere safe; nothing of a temporary file or an exception class reaches the user.
 */
class InputOutputTest {
    private static final String OK = "schema: 1\narch: x86_64\nphases:\n  init: [execve]\n  main: [write, exit_group]\n";

    @TempDir
    Path dir;
    private final List<Path> mounts = new ArrayList<>();
    private Path ok;

    @BeforeEach
    void profile() throws IOException {
        ok = Files.writeString(dir.resolve("ok.yaml"), OK);
    }

    @AfterEach
    void unmount() throws Exception {
        for (Path m : mounts) new ProcessBuilder("umount", "-l", m.toString()).inheritIO().start().waitFor();
    }

    /** A tmpfs of 16 KiB at {@code name} (root only), mounted with {@code options}; unmounted after the test. */
    private Path tmpfs(String name, String options) throws Exception {
        Path m = Files.createDirectory(dir.resolve(name));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16k," + options, "tmpfs", m.toString())
                .inheritIO().start();
        assertEquals(0, p.waitFor(), "mount tmpfs (needs root)");
        mounts.add(m);
        return m;
    }

    private static void oneLine(Syscage.Result r, int status, String... mentions) {
        assertEquals(status, r.exit(), r.toString());
        assertEquals(1, r.stderr().lines().count(), "one line: " + r);
        assertTrue(r.stderr().startsWith("syscage: "), r.toString());
        for (String m : mentions) assertTrue(r.stderr().contains(m), "expected '" + m + "': " + r);
        assertFalse(r.stderr().contains("Exception") || r.stderr().contains(".tmp") || r.stderr().contains("\tat "),
                "an exception or a temporary file leaked: " + r);
    }

    // item 16: unbounded input

    @Test
    void aFifoOrAnEndlessDeviceIsRefusedWithoutBeingRead() throws Exception {
        Path fifo = dir.resolve("fifo.yaml");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Path zero = Files.createSymbolicLink(dir.resolve("zero.yaml"), Path.of("/dev/zero"));
        String out = dir.resolve("out.yaml").toString();
        for (Path bad : List.of(fifo, zero)) {
            String f = bad.toString();
            for (String[] args : List.of(new String[] {"show", f}, new String[] {"check", f},
                    new String[] {"diff", ok.toString(), f}, new String[] {"merge", "-o", out, ok.toString(), f},
                    new String[] {"export", "-f", "json", f}, new String[] {"run", "--policy", f, "--", "/bin/true"},
                    new String[] {"verify", "--policy", f, "--", "/bin/true"},
                    new String[] {"profile", "-o", out, "--base", f, "--", "/bin/true"})) {
                // a blocked open or an endless read would hang here
                Syscage.Result r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> InProcess.cli(args),
                        String.join(" ", args));
                oneLine(r, 2, f, "not a regular file but " + (bad == fifo ? "a FIFO" : "a character device"));
            }
        }
    }

    @Test
    void aProfileOverTheLimitIsRefusedAndOneJustBelowItIsChecked() throws Exception {
        StringBuilder big = new StringBuilder(OK).append("processes:\n");
        String[] calls = {"read", "write", "openat", "close", "mmap", "munmap", "brk", "futex", "getpid", "fstat"};
        for (int i = 0; big.length() < (4 << 20) - 4096; i++) {
            big.append("- exe: /usr/bin/program-").append(i).append("\n  processes: 1\n  main:\n");
            for (String c : calls) big.append("    ").append(c).append(": ").append(i + 1).append('\n');
        }
        Path below = Files.writeString(dir.resolve("below.yaml"), big);
        Syscage.Result checked = InProcess.cli("check", below.toString());
        assertEquals(0, checked.exit(), checked.toString());
        Path over = Files.writeString(dir.resolve("over.yaml"), big.append("#".repeat(8192)).append('\n'));
        for (String command : List.of("show", "check")) {
            oneLine(InProcess.cli(command, over.toString()), 2, "larger than the 4 MiB a profile may be");
        }
    }

    // item 15: the output is checked before the work

    @Tag("kernel")
    @Test
    void aBadOutputIsRefusedBeforeTheTargetStarts() throws Exception {
        Path marker = dir.resolve("target-ran");
        Path readOnly = tmpfs("ro", "ro");
        Files.createDirectory(dir.resolve("a-directory"));
        Path device = Path.of("/dev/null");
        String[][] outputs = {
            {dir.resolve("missing/x.yaml").toString(), "does not exist"},
            {dir.resolve("a-directory").toString(), "it is a directory"},
            {"", "the path is empty"},
            {readOnly.resolve("x.yaml").toString(), "Read-only file system"},
            {device.toString(), "not a regular file"},
        };
        for (String[] o : outputs) {
            oneLine(InProcess.cli("profile", "-o", o[0], "--", "/usr/bin/touch", marker.toString()), 2, "cannot write",
                    o[1]);
            assertFalse(Files.exists(marker), "the target ran: " + o[0]);
            oneLine(InProcess.cli("merge", "-o", o[0], ok.toString(), ok.toString()), 2, "cannot write", o[1]);
            oneLine(InProcess.cli("export", "-f", "json", ok.toString(), "-o", o[0]), 2, "cannot write", o[1]);
            oneLine(InProcess.cli("parse", "-o", o[0], ok.toString()), 2, "cannot write", o[1]);
        }
        assertTrue(Files.exists(device) && !Files.isRegularFile(device), "/dev/null was replaced");
    }

    @Tag("kernel")
    @Test
    void aProfileThatCannotBeWrittenAtTheEndIsKeptInAPrivateFile() throws Exception {
        Path full = tmpfs("full", "rw");
        Files.write(full.resolve("filler"), new byte[16 << 10 - 1]); // whatever fits
        try {
            Files.write(full.resolve("filler2"), new byte[64 << 10]);
        } catch (IOException expected) {
            // the disk is full now
        }
        Syscage.Result merged = InProcess.cli("merge", "-o", full.resolve("m.yaml").toString(), ok.toString(),
                ok.toString());
        assertKept(merged, full.resolve("m.yaml"));
        // the same after a real run: the profile of an hour-long run is not thrown away
        Syscage.Result profiled = Syscage.cli(dir, "profile", "-o", full.resolve("p.yaml").toString(), "--",
                "/bin/true");
        assertKept(profiled, full.resolve("p.yaml"));
    }

    private static void assertKept(Syscage.Result r, Path wanted) throws Exception {
        assertEquals(125, r.exit(), r.toString());
        String last = r.stderr().lines().reduce((a, b) -> b).orElse("");
        Matcher m = Pattern.compile("cannot write " + Pattern.quote(wanted.toString())
                + " \\(No space left on device\\); the profile is saved in (\\S+) \\(mode 0600\\) instead").matcher(last);
        assertTrue(m.find(), r.toString());
        Path saved = Path.of(m.group(1));
        try {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(saved)));
            assertTrue(ProfileYaml.read(saved).phase(dev.syscage.policy.Phase.INIT).size() > 0, "a whole profile");
            assertTrue(r.stderr().contains("profile written to " + saved) || r.stderr().contains("into " + saved),
                    r.toString());
        } finally {
            Files.deleteIfExists(saved);
        }
    }

    // item 17: messages and writing

    @Test
    void missingDirectoriesAndPseudoFilesGetTheReason() throws Exception {
        oneLine(InProcess.cli("export", "-f", "json", ok.toString(), "-o", "/missing/dir/x"), 2,
                "directory /missing/dir does not exist");
        oneLine(InProcess.cli("merge", "-o", "/missing/dir/m.yaml", ok.toString(), ok.toString()), 2,
                "directory /missing/dir does not exist");
        oneLine(InProcess.cli("install-native", "/proc/self"), 2, "cannot create a file in /proc/self");
        // a path with a newline stays one line, escaped once
        oneLine(InProcess.cli("export", "-f", "json", ok.toString(), "-o", dir + "/a\nb/x"), 2,
                "cannot write '" + dir + "/a\\nb/x': directory " + dir + "/a\\nb does not exist");
    }

    @Test
    void exportReplacesAPlantedLinkInsteadOfWritingThroughIt() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim"), "precious\n");
        Path link = Files.createSymbolicLink(dir.resolve("out.json"), victim);
        Syscage.Result r = InProcess.cli("export", "-f", "json", ok.toString(), "-o", link.toString());
        assertEquals(0, r.exit(), r.toString());
        assertEquals("precious\n", Files.readString(victim));
        assertTrue(Files.isRegularFile(link, LinkOption.NOFOLLOW_LINKS), "the link is replaced by the export");
        assertTrue(Files.readString(link).contains("\"phases\""), Files.readString(link));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(link)));
        try (var s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "a temporary file was left");
        }
    }

    /** A program's name is the program's to choose: it must not add lines of its own or drive the terminal. */
    @Test
    void namesFromProfilesAreEscaped() throws Exception {
        String evil = "/srv/app/bin/app\\n\\e[2J\\e[31msyscage: all good";
        Path golden = Path.of("src/test/resources/golden");
        Path a = Files.writeString(dir.resolve("a.yaml"), Files.readString(golden.resolve("app.yaml"))
                .replace("/srv/app/bin/app", "\"" + evil + "\""));
        Path b = Files.writeString(dir.resolve("b.yaml"), Files.readString(golden.resolve("app-v2.yaml"))
                .replace("/srv/app/bin/app", "\"" + evil + "\""));
        for (Syscage.Result r : List.of(InProcess.cli("show", a.toString()), InProcess.cli("diff", a.toString(),
                b.toString()), InProcess.cli("diff", "--format", "markdown", a.toString(), b.toString()))) {
            String all = r.stdout() + r.stderr();
            assertFalse(all.contains("\033"), "an escape sequence reached the terminal: " + r);
            assertTrue(all.lines().noneMatch(l -> l.startsWith("syscage: all good")), "a forged line: " + r);
            assertTrue(all.contains("app\\n\\e[2J\\e[31msyscage: all good"), r.toString());
        }
    }

    @Tag("kernel")
    @Test
    void aRefusalInAProgramWithAForgedNameStaysOneEscapedLine() throws Exception {
        Path weird = dir.resolve("my\nos\033[2J");
        Files.copy(Syscage.sample("myos"), weird);
        Files.setPosixFilePermissions(weird, PosixFilePermissions.fromString("rwxr-xr-x"));
        Syscage.Result learned = Syscage.cli(dir, "profile", "-o", "p.yaml", "--", weird.toString());
        assertEquals(0, learned.exit(), learned.toString());
        assertTrue(learned.stderr().lines().allMatch(l -> l.startsWith("syscage: ")), learned.toString());
        assertFalse(learned.stderr().contains("\033"), learned.toString());
        String policy = Files.readString(dir.resolve("p.yaml"));
        Files.writeString(dir.resolve("no-uname.yaml"), policy.replaceFirst("(?m)^(  main:\\n(?:  - .*\\n)*?)  - uname\\n", "$1"));
        Syscage.Result refused = Syscage.cli(dir, "run", "--policy", "no-uname.yaml", "--", weird.toString());
        assertEquals(159, refused.exit(), refused.toString());
        assertTrue(refused.stderr().contains("refused uname"), refused.toString());
        assertTrue(refused.stderr().lines().allMatch(l -> l.startsWith("syscage: ")), refused.toString());
        assertFalse(refused.stderr().contains("\033"), refused.toString());
        assertTrue(refused.stderr().contains("my\\nos\\e[2J"), refused.toString());
    }
}
