package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syscage.policy.Phase;
import dev.syscage.policy.ProfileYaml;
import dev.syscage.policy.SyscallRef;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14's enforcement items: a sandbox asked for is always there, for every process of the run. */
@Tag("kernel")
class EnforcementTrustTest {
    @TempDir
    Path dir;

    /**
     * A process of the run that executes a program after the target exited and syscage ended (a daemon) still finds
     * the policy: the preload library in the new program reads it again.
     */
    @Test
    void aChildThatExecutesAfterTheRunEndedStillFindsThePolicy() throws Exception {
        Path policy = Syscage.learn(dir, "myos");
        Path go = dir.resolve("go");
        Path out = dir.resolve("late.txt");
        // the child waits until syscage has exited, then executes a program that the preload library confines
        String script = "(while [ ! -e " + go + " ]; do sleep 0.05; done; exec /bin/echo late > " + out + " 2> "
                + dir.resolve("late.err") + ") &";
        Syscage.Result r = Syscage.cli(dir, "run", "--action", "log", "--policy", policy.toString(), "--", "/bin/sh",
                "-c", script);
        assertEquals(0, r.exit(), r.toString());
        Files.writeString(go, "");
        for (int i = 0; i < 500 && !(Files.exists(out) && Files.size(out) > 0); i++) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        assertEquals("late\n", Files.readString(out),
                "the late exec ran under its policy: " + (Files.exists(dir.resolve("late.err"))
                        ? Files.readString(dir.resolve("late.err")) : ""));
    }

    /**
     * A login uid that is set, and no CAP_AUDIT_CONTROL to start a new audit session (as on a host where the login
     * uid is immutable): run enforces all the same; only naming the refusals of the target's children degrades.
     */
    @Test
    void runEnforcesWithoutAnAuditSessionOfItsOwn() throws Exception {
        Path policy = Syscage.learn(dir, "myos");
        String myos = Syscage.sample("myos").toString();
        List<String> loggedIn = List.of("sh", "-c", "echo 0 > /proc/self/loginuid && exec \"$@\"", "sh", "setpriv",
                "--bounding-set=-audit_control", "--inh-caps=-audit_control");
        Syscage.Result r = Syscage.cliVia(loggedIn, dir, "run", "--policy", policy.toString(), "--", myos);
        assertEquals(0, r.exit(), r.toString());
        assertEquals("My OS is Linux!\n", r.stdout());
        assertTrue(r.stderr().contains("refusals are named only in pid"), r.toString());

        Path reduced = dir.resolve("reduced.yaml");
        ProfileYaml.write(ProfileYaml.read(policy).withoutSyscall(Phase.MAIN, SyscallRef.parse("uname")), reduced);
        Syscage.Result refused = Syscage.cliVia(loggedIn, dir, "run", "--policy", reduced.toString(), "--", myos);
        assertEquals(159, refused.exit(), refused.toString());
        assertTrue(refused.stderr().contains("refused uname"), refused.toString());
    }

    /** io_uring's operations never pass seccomp: every command that handles a policy allowing it says so. */
    @Test
    void everyCommandSaysWhenAPolicyAllowsIoUring() throws Exception {
        Path probe = Path.of("../native/build/test/probe").toAbsolutePath().normalize();
        Path file = dir.resolve("uring.yaml");
        String warning = "allows io_uring_setup: what a program submits through io_uring";
        // io_uring_setup (425) with no arguments: refused by the kernel, logged all the same
        Syscage.Result profiled = Syscage.cli(dir, "profile", "-o", file.toString(), "--", probe.toString(), "sys:425");
        assertEquals(0, profiled.exit(), profiled.toString());
        assertTrue(profiled.stderr().contains(file + " " + warning), profiled.toString());
        for (String[] args : List.of(new String[] {"show", file.toString()}, new String[] {"check", file.toString()},
                new String[] {"verify", "--policy", file.toString(), "--", probe.toString(), "sys:425"},
                new String[] {"run", "--policy", file.toString(), "--", probe.toString(), "sys:425"})) {
            Syscage.Result r = Syscage.cli(dir, args);
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.stderr().contains("syscage: warning: " + file + " " + warning), args[0] + ": " + r);
        }
        Path without = dir.resolve("without.yaml");
        assertEquals(0, Syscage.cli(dir, "profile", "-o", without.toString(), "--", probe.toString(), "getppid").exit());
        Syscage.Result quiet = Syscage.cli(dir, "show", without.toString());
        assertTrue(!quiet.stderr().contains("io_uring"), quiet.toString());
    }

    /**
     * A process of the run has syscage's user: with openat and write allowed it could write into syscage's own
     * memory through /proc/PID/mem. syscage is not dumpable, so a process without CAP_SYS_PTRACE cannot open it.
     */
    @Test
    void aConfinedProcessCannotOpenSyscagesMemory() throws Exception {
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path policy = Syscage.learn(dir, "myos");
        Files.setPosixFilePermissions(policy, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Path cache = Files.createDirectory(dir.resolve("cache"));
        Files.setAttribute(cache, "unix:uid", 65534);
        // the target's parent is syscage's JVM (the launcher executes the target in its own process)
        String probe = "if (exec 3>/proc/$PPID/mem) 2>/dev/null; then echo OPENED; else echo REFUSED; fi";
        Syscage.Result r = Syscage.cliAsNobody(dir, cache, List.of(), "run", "--action", "log", "--policy",
                policy.toString(), "--", "/bin/sh", "-c", probe);
        assertEquals(0, r.exit(), r.toString());
        assertEquals("REFUSED\n", r.stdout(), r.toString());
    }

    /**
     * A target that drops root's privileges before it executes a program (a service started through runuser or
     * setpriv): the program's loader still reads the preload library and the library the policy (issue 15), since
     * both are root's and readable by every user.
     */
    @Test
    void aProgramStartedAfterAPrivilegeDropLoadsTheLibraryAndThePolicy() throws Exception {
        String[] dropped = {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "/bin/echo", "hi"};
        Path policy = dir.resolve("dropped.yaml");
        Syscage.Result learned = Syscage.cli(dir, Syscage.concat(List.of("profile", "-o", policy.toString(), "--"),
                List.of(dropped)));
        assertEquals(0, learned.exit(), learned.toString());
        assertTrue(!learned.stderr().contains("cannot be preloaded"), learned.toString());
        Syscage.Result r = Syscage.cli(dir, Syscage.concat(List.of("run", "--policy", policy.toString(), "--"),
                List.of(dropped)));
        assertEquals(0, r.exit(), r.toString());
        assertEquals("hi\n", r.stdout());
        assertEquals("", r.stderr(), "no loader error, nothing refused");
    }
}
