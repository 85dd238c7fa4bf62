package dev.syscage.nativeparts;

import static dev.syscage.nativeparts.NativeRun.KILLED_BY_SIGSYS;
import static dev.syscage.nativeparts.NativeRun.MAIN;
import static dev.syscage.nativeparts.NativeRun.PROBE;
import static dev.syscage.nativeparts.NativeRun.plus;
import static dev.syscage.nativeparts.NativeRun.policy;
import static dev.syscage.nativeparts.NativeRun.preloaded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syscage.nativeparts.NativeRun.Result;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libsyscage.so on its own (LD_PRELOAD): the main-phase filter. The probe's main phase is exactly
 * its listed calls plus write and exit_group, so a run that succeeds with MAIN also shows that the
 * constructor makes no system call after installing the filter (any would be killed).
 */
class PreloadTest {
    @TempDir
    Path dir;

    @Test
    void policyMainPhaseIsEnforced() {
        Path ok = policy(dir, List.of(), plus(MAIN, "getppid"));
        Result r = preloaded(Map.of("SYSCAGE_POLICY", ok.toString()), PROBE.toString(), "getppid", "print:after");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.stdout().matches("getppid=[1-9][0-9]*\nafter\n"), r.toString());

        Path without = policy(dir, List.of("getppid"), MAIN);
        Result killed = preloaded(Map.of("SYSCAGE_POLICY", without.toString()), PROBE.toString(),
                "print:before", "getppid", "print:after");
        assertEquals(KILLED_BY_SIGSYS, killed.status(), killed.toString());
        assertEquals("before\n", killed.stdout());

        Result errno = preloaded(Map.of("SYSCAGE_POLICY", without.toString(), "SYSCAGE_ACTION", "errno:38"),
                PROBE.toString(), "getppid", "print:after");
        assertEquals(0, errno.status(), errno.toString());
        assertEquals("getppid=-38\nafter\n", errno.stdout());
    }

    @Test
    void policyWinsOverTheCloudflareVariables() {
        Path p = policy(dir, List.of(), plus(MAIN, "getppid"));
        Result r = preloaded(Map.of("SYSCAGE_POLICY", p.toString(), "SECCOMP_SYSCALL_ALLOW", "write",
                "SECCOMP_SYSCALL_DENY", "getppid"), PROBE.toString(), "getppid");
        assertEquals(0, r.status(), r.toString());
    }

    @Test
    void cloudflareAllowList() {
        Result ok = preloaded(Map.of("SECCOMP_SYSCALL_ALLOW", "write:exit_group:getppid"),
                PROBE.toString(), "getppid", "print:after");
        assertEquals(0, ok.status(), ok.toString());
        Result killed = preloaded(Map.of("SECCOMP_SYSCALL_ALLOW", "write:exit_group"),
                PROBE.toString(), "print:before", "getppid");
        assertEquals(KILLED_BY_SIGSYS, killed.status(), killed.toString());
        assertEquals("before\n", killed.stdout());
        Result errno = preloaded(Map.of("SECCOMP_SYSCALL_ALLOW", "write:exit_group", "SECCOMP_DEFAULT_ACTION", "errno"),
                PROBE.toString(), "getppid", "print:after");
        assertEquals("getppid=-1\nafter\n", errno.stdout(), errno.toString());
        // empty: allow nothing (the process dies at its first call after the constructor)
        Result empty = preloaded(Map.of("SECCOMP_SYSCALL_ALLOW", ""), PROBE.toString(), "print:MAINRAN");
        assertEquals(KILLED_BY_SIGSYS, empty.status(), empty.toString());
        assertEquals("", empty.stdout());
    }

    @Test
    void cloudflareDenyList() {
        Result killed = preloaded(Map.of("SECCOMP_SYSCALL_DENY", "getppid"), PROBE.toString(),
                "print:before", "getppid", "print:after");
        assertEquals(KILLED_BY_SIGSYS, killed.status(), killed.toString());
        assertEquals("before\n", killed.stdout());
        Result errno = preloaded(Map.of("SECCOMP_SYSCALL_DENY", "getppid:ptrace", "SECCOMP_DEFAULT_ACTION", "Errno:22"),
                PROBE.toString(), "getppid", "print:after");
        assertEquals("getppid=-22\nafter\n", errno.stdout(), errno.toString());
        // other ABIs are the classic way around a denylist: they get the action too
        Result abi = preloaded(Map.of("SECCOMP_SYSCALL_DENY", "getppid", "SECCOMP_DEFAULT_ACTION", "errno:22"),
                PROBE.toString(), "x32-getpid");
        assertEquals("x32-getpid=-22\n", abi.stdout(), abi.toString());
        // a real program with everything else allowed
        Result ls = preloaded(Map.of("SECCOMP_SYSCALL_DENY", "ptrace"), "/bin/ls", "/");
        assertEquals(0, ls.status(), ls.toString());
        assertTrue(ls.stdout().contains("usr"), ls.toString());
    }

    @Test
    void cloudflareDenyListCoversI386() {
        KernelAbis.assumeI386();
        Result abi = preloaded(Map.of("SECCOMP_SYSCALL_DENY", "getppid", "SECCOMP_DEFAULT_ACTION", "errno:22"),
                PROBE.toString(), "i386-getpid");
        assertEquals("i386-getpid=-22\n", abi.stdout(), abi.toString());
    }

    @Test
    void childrenInheritTheFilterAndRunTheirOwnConstructor() {
        // sh starts the probe: the probe runs under sh's filter and installs its own
        // (uname, 63: a call sh itself does not make)
        Result r = preloaded(Map.of("SECCOMP_SYSCALL_DENY", "uname"), "/bin/sh", "-c",
                PROBE + " print:child sys:63; echo status=$?");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.stdout().startsWith("child\n"), r.toString());
        assertTrue(r.stdout().endsWith("status=159\n"), r.toString());
    }
}
