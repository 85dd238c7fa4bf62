package dev.syscage.nativeparts;

import static dev.syscage.nativeparts.NativeRun.INIT;
import static dev.syscage.nativeparts.NativeRun.MAIN;
import static dev.syscage.nativeparts.NativeRun.PROBE;
import static dev.syscage.nativeparts.NativeRun.launch;
import static dev.syscage.nativeparts.NativeRun.policy;
import static dev.syscage.nativeparts.NativeRun.preloaded;
import static dev.syscage.nativeparts.NativeRun.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syscage.nativeparts.NativeRun.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way the sandbox cannot be set up ends with status 125 (126/127 for the launcher's target)
 * and one "syscage: WHAT; HOW" line, before the target's main runs: `echo MAINRAN` prints nothing.
 */
@Tag("kernel")
class FailClosedTest {
    @TempDir
    Path dir;

    private static String refused(Result r, int status) {
        assertEquals(status, r.status(), r.toString());
        assertEquals("", r.stdout(), "the target's main must not run");
        return r.oneSyscageLine();
    }

    private static String preloadRefuses(Map<String, String> env) {
        return refused(preloaded(env, "/bin/echo", "MAINRAN"), 125);
    }

    private static void contains(String line, String... parts) {
        for (String part : parts) {
            assertTrue(line.contains(part), "expected '" + part + "' in: " + line);
        }
    }

    @Test
    void preloadWithoutAnyConfiguration() {
        contains(preloadRefuses(Map.of()), "no policy", "SYSCAGE_POLICY", "SECCOMP_SYSCALL_ALLOW");
    }

    @Test
    void policyOthersCanRewrite() throws Exception {
        Path p = policy(dir, INIT, MAIN);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-rw-r--"));
        contains(preloadRefuses(Map.of("SYSCAGE_POLICY", p.toString())), "writable by others (mode 0664)", "chmod go-w");
        contains(refused(launch(List.of("--policy", p.toString()), "/bin/echo", "MAINRAN"), 125), "writable by others");

        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        contains(preloadRefuses(Map.of("SYSCAGE_POLICY", p.toString())), "the directory " + dir + " is writable by others");

        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Files.setOwner(p, p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        contains(preloadRefuses(Map.of("SYSCAGE_POLICY", p.toString())), "owned by uid 65534", "chown");
    }

    /** As sshd's StrictModes: every directory of the resolved path, not only the file's own. */
    @Test
    void policyUnderADirectoryOthersCanWriteHigherUp() throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        Path safe = Files.createDirectory(open.resolve("safe"));
        Path p = policy(safe, INIT, MAIN);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        // anyone may rename open/safe away and put a directory of their own in its place
        contains(preloadRefuses(Map.of("SYSCAGE_POLICY", p.toString())), "the directory " + open + " is writable by others");
        contains(refused(launch(List.of("--policy", p.toString()), "/bin/echo", "MAINRAN"), 125),
                "the directory " + open + " is writable by others");
    }

    @Test
    void policyBehindASymlinkIsCheckedWhereItLies() throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        Path p = policy(open, INIT, MAIN);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path safe = Files.createDirectory(dir.resolve("safe"));
        Path link = Files.createSymbolicLink(safe.resolve("app.policy"), p);
        // the launcher resolves the link and checks the world-writable directory the file really lies in
        contains(refused(launch(List.of("--policy", link.toString()), "/bin/echo", "MAINRAN"), 125),
                "the directory " + open + " is writable by others");
        // the preload cannot follow links under the launcher's filter (readlink is no init-phase call): it refuses them
        contains(preloadRefuses(Map.of("SYSCAGE_POLICY", link.toString())), "is a symbolic link", "realpath");
        Path linkedDir = Files.createSymbolicLink(safe.resolve("dir"), open);
        contains(preloadRefuses(Map.of("SYSCAGE_POLICY", linkedDir.resolve(p.getFileName()).toString())),
                linkedDir + " is a symbolic link");
    }

    @Test
    void policyInAStickyDirectoryIsAccepted() throws Exception {
        Path sticky = Files.createDirectory(dir.resolve("sticky"));
        Files.setPosixFilePermissions(sticky, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setAttribute(sticky, "unix:mode", 01777);
        Path p = Files.copy(policy(dir, INIT, MAIN), sticky.resolve("p.policy"));
        Result r = launch(List.of("--policy", p.toString()), PROBE.toString(), "print:ok");
        assertEquals(0, r.status(), r.toString());
    }

    @Test
    void unknownNameInTheAllowList() {
        contains(preloadRefuses(Map.of("SECCOMP_SYSCALL_ALLOW", "write:no_such_call:exit_group")),
                "SECCOMP_SYSCALL_ALLOW", "no_such_call");
    }

    @Test
    void emptyNameInTheAllowList() {
        contains(preloadRefuses(Map.of("SECCOMP_SYSCALL_ALLOW", "write::exit_group")), "empty name");
    }

    @Test
    void bothAllowAndDeny() {
        contains(preloadRefuses(Map.of("SECCOMP_SYSCALL_ALLOW", "write", "SECCOMP_SYSCALL_DENY", "ptrace")),
                "SECCOMP_SYSCALL_ALLOW", "SECCOMP_SYSCALL_DENY");
    }

    @Test
    void unknownActions() {
        contains(preloadRefuses(Map.of("SECCOMP_SYSCALL_ALLOW", "write", "SECCOMP_DEFAULT_ACTION", "explode")),
                "SECCOMP_DEFAULT_ACTION=explode");
        Path p = policy(dir, INIT, MAIN);
        for (String bad : List.of("errno:0", "errno:4096", "errno:", "errno:x", "allow", "")) {
            contains(preloadRefuses(Map.of("SYSCAGE_POLICY", p.toString(), "SYSCAGE_ACTION", bad)),
                    "SYSCAGE_ACTION=" + bad + " ");
        }
        contains(refused(launch(List.of("--policy", p.toString(), "--action", "explode"), "/bin/echo", "MAINRAN"),
                125), "--action explode");
    }

    @Test
    void missingOrUnreadablePolicy() {
        contains(preloadRefuses(Map.of("SYSCAGE_POLICY", dir.resolve("missing").toString())),
                dir.resolve("missing").toString(), "No such file");
        contains(preloadRefuses(Map.of("SYSCAGE_POLICY", dir.toString())), dir.toString());
        contains(preloadRefuses(Map.of("SYSCAGE_POLICY", "")), "SYSCAGE_POLICY is empty");
        contains(refused(launch(List.of("--policy", dir.resolve("missing").toString()), "/bin/echo", "MAINRAN"),
                125), "missing");
        // a policy the program's user cannot read (root's, in a directory only root may enter)
        Path secret = NativeRun.policy(dir, NativeRun.INIT, NativeRun.MAIN);
        // (the variables are set after setpriv, which would otherwise load the library as root)
        Result unreadable = NativeRun.run(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                "env", "LD_PRELOAD=" + NativeRun.PRELOAD, "SYSCAGE_POLICY=" + secret, NativeRun.PROBE.toString(),
                "print:MAINRAN"), Map.of());
        contains(refused(unreadable, 125), secret.toString(), "Permission denied");
    }

    @Test
    void malformedPoliciesNameFileAndLine() {
        record Case(String text, String line, String why) {
        }
        List<Case> cases = List.of(
                new Case("", "", "no \"syscage-policy 1\""),
                new Case("# nothing\n\n", "", "no \"syscage-policy 1\""),
                new Case("syscage-policy 2\n", ":1:", "unsupported"),
                new Case("policy 1\n", ":1:", "syscage-policy 1"),
                new Case("syscage-policy 1\n", "", "no arch line"),
                new Case("syscage-policy 1\nmain read\n", ":2:", "before the arch line"),
                new Case("syscage-policy 1\narch x86_64\narch x86_64\n", ":3:", "repeated arch"),
                new Case("syscage-policy 1\narch aarch64\n", ":2:", "this machine is x86_64"),
                new Case("syscage-policy 1\narch vax\n", ":2:", "unknown architecture"),
                new Case("syscage-policy 1\n# c\n\narch x86_64\nmain read\nmain no_such_call\n", ":6:", "no_such_call"),
                new Case("syscage-policy 1\narch x86_64\nmain 1073741824\n", ":3:", "out of range"),
                new Case("syscage-policy 1\narch x86_64\nmain -1\n", ":3:", "-1"),
                new Case("syscage-policy 1\narch x86_64\nmain waitpid\n", ":3:", "x86_64 has no system call \"waitpid\""),
                new Case("syscage-policy 1\narch x86_64\nmain x86:20\n", ":3:", "numbers are only accepted"),
                new Case("syscage-policy 1\narch x86_64\nmain vax:read\n", ":3:", "unknown ABI"),
                new Case("syscage-policy 1\narch x86_64\nmain x32:socketcall\n", ":3:", "x32 has no system call"),
                new Case("syscage-policy 1\narch x86_64\nmain read write\n", ":3:", "unexpected text"),
                new Case("syscage-policy 1\narch x86_64\ninit\n", ":3:", "needs a system call"),
                new Case("syscage-policy 1\narch x86_64\nboth read\n", ":3:", "unknown keyword"),
                new Case("syscage-policy 1\r\narch x86_64\n", ":1:", "carriage return"),
                new Case("syscage-policy 1\narch x86_64\nmain " + "a".repeat(300) + "\n", ":3:", "longer than 255"),
                new Case("syscage-policy 1\nsyscage-policy 1\n", ":2:", "repeated"));
        for (Case c : cases) {
            Path p = write(dir, "bad", c.text());
            String viaPreload = preloadRefuses(Map.of("SYSCAGE_POLICY", p.toString()));
            contains(viaPreload, p + c.line(), c.why());
            String viaLauncher = refused(launch(List.of("--policy", p.toString()), "/bin/echo", "MAINRAN"), 125);
            contains(viaLauncher, p + c.line(), c.why());
        }
    }

    @Test
    void policyLimits() throws Exception {
        StringBuilder many = new StringBuilder("syscage-policy 1\narch x86_64\n");
        for (int i = 0; i < 4096; i++) {
            many.append("main read\n");
        }
        Path atLimit = write(dir, "limit", many.toString());
        Result ok = launch(List.of("--policy", atLimit.toString(), "--action", "log"), PROBE.toString(), "print:ok");
        assertEquals(0, ok.status(), ok.toString());
        Path over = write(dir, "over", many + "main read\n");
        contains(preloadRefuses(Map.of("SYSCAGE_POLICY", over.toString())), over + ":4099:", "4096");

        StringBuilder big = new StringBuilder("syscage-policy 1\narch x86_64\n");
        while (big.length() <= 1024 * 1024) {
            big.append("# ").append("x".repeat(200)).append('\n');
        }
        Path huge = write(dir, "huge", big.toString());
        contains(preloadRefuses(Map.of("SYSCAGE_POLICY", huge.toString())), "larger than 1 MiB");
    }

    @Test
    void profilingNeedsTheLaunchersVariables() {
        Path p = policy(dir, List.of(), List.of());
        contains(preloadRefuses(Map.of("SYSCAGE_POLICY", p.toString(), "SYSCAGE_PROFILE", "3")), "SYSCAGE_AUID");
        contains(preloadRefuses(Map.of("SYSCAGE_POLICY", p.toString(), "SYSCAGE_PROFILE", "16777216",
                "SYSCAGE_AUID", "0")), "SYSCAGE_PROFILE=16777216");
    }

    /**
     * Issue 14, item 12: profiling refuses nothing, so the preload takes SYSCAGE_PROFILE only under the launcher's
     * profiling stamp of that token. An inherited profiling environment fails closed, also under another seccomp
     * filter (a container's, or here the launcher's own enforcing one).
     */
    @Test
    void anInheritedProfilingEnvironmentIsRefused() {
        Path p = policy(dir, INIT, MAIN);
        Map<String, String> inherited = Map.of("SYSCAGE_POLICY", p.toString(), "SYSCAGE_PROFILE", "3",
                "SYSCAGE_AUID", "0");
        contains(preloadRefuses(inherited), "SYSCAGE_PROFILE=3", "not started by syscage-exec --profile",
                "unset SYSCAGE_PROFILE");
        Path all = policy(dir, List.of(), List.of());
        Result underFilter = launch(List.of("--policy", all.toString(), "--action", "log", "--no-preload"), "/usr/bin/env",
                "LD_PRELOAD=" + NativeRun.PRELOAD, "SYSCAGE_POLICY=" + p, "SYSCAGE_PROFILE=3", "SYSCAGE_AUID=0",
                "/bin/echo", "MAINRAN");
        contains(refused(underFilter, 125), "SYSCAGE_PROFILE=3", "not started by syscage-exec --profile");
    }

    /**
     * Issue 14, item 12: SYSCAGE_ACTION=log in the bare LD_PRELOAD form (it may be inherited) says loudly that
     * nothing is refused; under the launcher, where log was asked for on its command line (syscage verify), the
     * preload stays quiet.
     */
    @Test
    void logOnlyWithoutTheLauncherIsSaidLoudly() {
        Path p = policy(dir, INIT, MAIN);
        Result bare = preloaded(Map.of("SYSCAGE_POLICY", p.toString(), "SYSCAGE_ACTION", "log"), PROBE.toString(),
                "getppid");
        assertEquals(0, bare.status(), bare.toString());
        assertTrue(bare.stdout().startsWith("getppid="), "log-only: not refused: " + bare);
        contains(bare.oneSyscageLine(), "SYSCAGE_ACTION=log", "nothing is refused", "log-only", "unset SYSCAGE_ACTION");
        Result launched = launch(List.of("--policy", p.toString(), "--action", "log"), PROBE.toString(), "getppid");
        assertEquals(0, launched.status(), launched.toString());
        assertEquals("", launched.stderr(), "asked for on the launcher's command line");
        Result enforcing = preloaded(Map.of("SYSCAGE_POLICY", p.toString()), PROBE.toString(), "print:x");
        assertEquals("", enforcing.stderr(), enforcing.toString());
    }

    @Test
    void launcherTargetNotFoundIs127() {
        Path p = policy(dir, INIT, MAIN);
        contains(refused(launch(List.of("--policy", p.toString()), dir.resolve("nothing").toString()), 127),
                "cannot find");
        contains(refused(launch(List.of("--policy", p.toString()), "no-such-command-xyz"), 127),
                "no-such-command-xyz", "PATH");
    }

    @Test
    void launcherTargetNotExecutableIs126() throws Exception {
        Path p = policy(dir, INIT, MAIN);
        contains(refused(launch(List.of("--policy", p.toString()), dir.toString()), 126), "directory");
        Path plain = write(dir, "plain", "#!/bin/sh\necho MAINRAN\n");
        Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));
        contains(refused(launch(List.of("--policy", p.toString()), plain.toString()), 126), "cannot execute");
        Path noInterpreterLine = write(dir, "script", "echo MAINRAN\n");
        Files.setPosixFilePermissions(noInterpreterLine, PosixFilePermissions.fromString("rwxr-xr-x"));
        contains(refused(launch(List.of("--policy", p.toString()), noInterpreterLine.toString()), 126),
                "nor a script with a #! line", "#!/bin/sh");
        Path missingInterpreter = write(dir, "script2", "#!/nonexistent/sh\necho MAINRAN\n");
        Files.setPosixFilePermissions(missingInterpreter, PosixFilePermissions.fromString("rwxr-xr-x"));
        contains(refused(launch(List.of("--policy", p.toString()), missingInterpreter.toString()), 127),
                "missing script interpreter");
    }

    @Test
    void launcherUsageErrorsAre125() {
        Path p = policy(dir, INIT, MAIN);
        String policy = p.toString();
        List<List<String>> bad = List.of(
                List.of(),
                List.of("--bogus"),
                List.of("--policy", policy, "--policy", policy),
                List.of("--policy", policy, "--profile", "16777216"),
                List.of("--policy", policy, "--profile", "x"),
                List.of("--policy", policy, "--no-preload", "--preload", "/x.so"),
                List.of("--policy", policy, "--preload", "/a b/libsyscage.so"));
        for (List<String> options : bad) {
            refused(launch(options, "/bin/echo", "MAINRAN"), 125);
        }
        refused(NativeRun.run(List.of(NativeRun.LAUNCHER.toString(), "--policy", policy), Map.of()), 125);
        refused(NativeRun.run(List.of(NativeRun.LAUNCHER.toString(), "--mark-end", "x"), Map.of()), 125);
        refused(NativeRun.run(List.of(NativeRun.LAUNCHER.toString(), "--mark-end", "--policy", policy),
                Map.of()), 125);
        for (String key : List.of("", "x\n", "281474976710656\n", "-1\n")) {
            contains(refused(NativeRun.run(List.of(NativeRun.LAUNCHER.toString(), "--mark-end"), Map.of(), key), 125),
                    "end key from stdin");
        }
        contains(refused(launch(List.of("--policy", policy, "--profile", "7"), "/bin/echo", "MAINRAN"), 125),
                "SYSCAGE_END_KEY");
        refused(NativeRun.run(List.of(NativeRun.LAUNCHER.toString(), "--nudge", "x"), Map.of()), 125);
        refused(NativeRun.run(List.of(NativeRun.LAUNCHER.toString(), "--nudge", "1", "--", "/bin/echo"), Map.of()), 125);
    }
}
