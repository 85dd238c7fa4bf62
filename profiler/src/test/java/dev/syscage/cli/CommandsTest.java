package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** show, export, doctor and install-native, and enforcement through the exported files without a JVM. */
class CommandsTest {
    private static final String POLICY = """
            schema: 1
            arch: x86_64
            phases:
              init: [execve, brk]
              main: [write, exit_group, 462]
            counts:
              main: {write: 3}
            """;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"profile", "parse", "run", "verify", "show", "check", "diff", "merge", "export", "doctor",
            "install-native"})
    void everyCommandsHelpHasAnExampleOfItself(String command) {
        Syscage.Result help = InProcess.cli(command, "--help");
        assertEquals(0, help.exit(), help.toString());
        String examples = help.stdout().substring(help.stdout().indexOf("Examples:"));
        assertTrue(examples.contains("  syscage " + command + " "), help.stdout());
    }

    @Test
    void versionNamesTheCommitLibseccompAndTheKernelsSeccompActions() throws Exception {
        Syscage.Result v = Syscage.cli(dir, "--version");
        assertEquals(0, v.exit(), v.toString());
        List<String> lines = v.stdout().lines().toList();
        assertEquals(3, lines.size(), v.stdout());
        assertTrue(lines.get(0).matches("syscage \\S+ \\(commit ([0-9a-f]{12}|unknown)\\)"), lines.get(0));
        assertTrue(lines.get(1).matches("native parts: syscage-exec \\(libseccomp \\d+\\.\\d+\\.\\d+\\)"), lines.get(1));
        assertTrue(lines.get(2).startsWith("kernel " + System.getProperty("os.version") + ": seccomp actions ")
                && lines.get(2).contains(" log"), lines.get(2));
    }

    @Test
    void showPrintsPhaseSyscallAndCount() throws Exception {
        Files.writeString(dir.resolve("p.yaml"), POLICY);
        Syscage.Result r = Syscage.cli(dir, "show", "p.yaml");
        assertEquals(0, r.exit(), r.toString());
        List<String> lines = r.stdout().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.matches("main\\s+write\\s+3")), r.stdout());
        assertTrue(lines.stream().anyMatch(l -> l.matches("init\\s+execve\\s+-")), r.stdout());
        assertTrue(lines.stream().anyMatch(l -> l.matches("main\\s+462\\s+-")), r.stdout());
        assertTrue(r.stdout().contains("init 2, main 3, init ∪ main 5 syscalls"), r.stdout());
    }

    @Test
    void exportsTheNativePolicyAndTheCloudflareVariable() throws Exception {
        Files.writeString(dir.resolve("p.yaml"), POLICY);
        Syscage.Result policy = Syscage.cli(dir, "export", "--format", "syscage", "p.yaml");
        assertEquals(0, policy.exit(), policy.toString());
        // the library's own calls last: it installs its filter in init (main executes nothing here)
        assertEquals(List.of("syscage-policy 1", "arch x86_64", "init brk", "init execve", "main exit_group",
                "main write", "main 462", "init prctl", "init seccomp"),
                policy.stdout().lines().filter(l -> !l.startsWith("#")).toList());
        // libsyscage.so's (and libsandbox.so's) variable takes names: a call known only by number is refused.
        Syscage.Result numbered = Syscage.cli(dir, "export", "-f", "env", "p.yaml", "-o", "env.txt");
        assertEquals(2, numbered.exit(), numbered.toString());
        assertTrue(numbered.stderr().startsWith("syscage: p.yaml: the profile allows syscall 462 (main phase) by"
                + " number only"), numbered.stderr());
        Files.writeString(dir.resolve("q.yaml"), POLICY.replace(", 462]", "]"));
        Syscage.Result env = Syscage.cli(dir, "export", "-f", "env", "q.yaml", "-o", "env.txt");
        assertEquals(0, env.exit(), env.toString());
        assertEquals("SECCOMP_SYSCALL_ALLOW=exit_group:write\n", Files.readString(dir.resolve("env.txt")));
    }

    @Tag("kernel")
    @Test
    void installedNativePartsEnforceWithoutTheJvm() throws Exception {
        String myos = Syscage.sample("myos").toString();
        assertEquals(0, Syscage.cli(dir, "profile", "-o", "myos.yaml", "--", myos).exit());
        assertEquals(0, Syscage.cli(dir, "export", "-f", "syscage", "myos.yaml", "-o", "myos.policy").exit());
        Syscage.Result installed = Syscage.cli(dir, "install-native", "bin");
        assertEquals(0, installed.exit(), installed.toString());

        String launcher = dir.resolve("bin/syscage-exec").toString();
        Syscage.Result launched = Syscage.plain(dir, List.of(launcher, "--policy", "myos.policy", "--", myos));
        assertEquals(0, launched.exit(), launched.toString());
        assertEquals("My OS is Linux!\n", launched.stdout());

        Files.writeString(dir.resolve("no-uname.policy"), Files.readString(dir.resolve("myos.policy"))
                .replace("main uname\n", ""));
        Syscage.Result refused = Syscage.plain(dir, List.of(launcher, "--policy", "no-uname.policy", "--", myos));
        assertEquals(128 + 31, refused.exit(), refused.toString());
        assertEquals("", refused.stdout());
    }

    @Tag("kernel")
    @Test
    void doctorPassesOnThisMachine() throws Exception {
        Syscage.Result r = Syscage.cli(dir, "doctor");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stdout().contains("ok    kernel: seccomp's 'log' action is available and logged"), r.stdout());
        assertTrue(r.stdout().contains("ok    source netlink: the audit multicast group can be read, receive buffer "),
                r.stdout());
        assertTrue(r.stdout().contains("ok    audit: the kernel's counters can be read (lost "), r.stdout());
        assertTrue(r.stdout().lines().anyMatch(l -> l.matches("(ok|n/a|warn)  +source auditd: .*")), r.stdout());
        assertTrue(r.stdout().lines().anyMatch(l -> l.matches("(ok|n/a|warn)  +source kmsg: .*")), r.stdout());
        assertTrue(r.stdout().contains("ok    libseccomp: 2."), r.stdout());
        assertTrue(r.stdout().contains("all checks passed"), r.stdout());
    }

    @ParameterizedTest
    @ValueSource(strings = {"profile", "parse", "run", "verify", "show", "check", "diff", "merge", "export", "doctor",
        "install-native"})
    void everyCommandHasHelp(String command) throws Exception {
        Syscage.Result r = Syscage.cli(dir, command, "--help");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stdout().startsWith("Usage: syscage " + command), r.stdout());
    }
}
