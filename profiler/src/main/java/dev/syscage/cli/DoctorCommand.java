package dev.syscage.cli;

import dev.syscage.nativeparts.NativeParts;
import dev.syscage.run.SeccompLogging;
import dev.syscage.source.AuditAccessException;
import dev.syscage.source.AuditRules;
import dev.syscage.source.AuditStatus;
import dev.syscage.source.Sources;
import dev.syscage.syscalls.SyscallTable;
import dev.syscage.syscalls.SyscallTableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "doctor", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n", footer = {"  syscage doctor && syscage profile -o app.yaml -- /usr/bin/app"},
        description = "Check that this machine can profile and enforce, and explain how to fix what is missing.")
final class DoctorCommand implements Callable<Integer> {
    private static final int CAP_AUDIT_CONTROL = 30;

    private int failures;

    @Override
    public Integer call() {
        kernelActions();
        sources();
        kernelCounters();
        auditSession();
        libseccomp();
        nativeParts();
        System.out.println(failures == 0 ? "all checks passed" : failures + " check(s) failed");
        return failures == 0 ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }

    private void kernelActions() {
        Optional<String> problem = SeccompLogging.actionsProblem();
        check(problem.isEmpty(), "kernel: seccomp's 'log' action is available and logged", "kernel: "
                + problem.orElse(""));
        check(SeccompLogging.refusalsLogged(), "kernel: 'kill_process' is in actions_logged (run names refusals)",
                "kernel: 'kill_process' is not in actions_logged, so 'syscage run' cannot name refused syscalls; "
                        + "add it to /proc/sys/kernel/seccomp/actions_logged");
    }

    /**
     * Every source: ok when it works losslessly, warn when it works but loses records, n/a when it cannot
     * work here. Only netlink, the default, failing is a problem; --source auto takes the first ok, else warn.
     */
    private void sources() {
        for (Sources.Check c : Sources.check()) {
            String line = "source " + c.source() + ": " + c.detail();
            if (c.source().equals(Sources.NETLINK)) {
                check(c.usable(), line + " (lossless; the default)", line);
            } else if (!c.usable()) {
                System.out.println("n/a   " + line);
            } else {
                System.out.println((c.lossless() ? "ok    " : "warn  ") + line + (c.lossless() ? " (lossless)" : ""));
            }
        }
    }

    /**
     * The kernel's own loss counter and its audit rules: records the kernel drops at its backlog limit or by an
     * exclude rule take no serial, so only these show them. Without them every profile is marked incomplete.
     */
    private void kernelCounters() {
        try {
            AuditStatus s = AuditStatus.query();
            System.out.println("ok    audit: the kernel's counters can be read (lost " + s.lost() + ", backlog limit "
                    + s.backlogLimit() + (s.pid() == 0 ? ", no audit daemon" : ", audit daemon pid " + s.pid()) + ")");
        } catch (AuditAccessException e) {
            check(false, null, "audit: " + e.getMessage() + "; without it records the kernel drops at its backlog "
                    + "limit cannot be seen, so every profile is marked incomplete (not-verifiable)");
        }
        try {
            List<AuditRules.Rule> rules = AuditRules.exclude();
            Optional<String> dropping = SeccompLogging.excluded(rules.stream().filter(r -> r.canDrop(AuditRules.SECCOMP))
                    .toList());
            check(dropping.isEmpty(), "audit: no exclude rule drops seccomp records (" + rules.size()
                    + " exclude rules)", "audit: " + dropping.orElse(""));
        } catch (AuditAccessException e) {
            check(false, null, "audit: " + e.getMessage() + "; without it exclude rules that drop seccomp records "
                    + "cannot be seen, so every profile is marked incomplete (not-verifiable)");
        }
    }

    private void auditSession() {
        String loginuid = read(Path.of("/proc/self/loginuid")).trim();
        boolean unset = loginuid.equals("4294967295");
        boolean capable = capability(CAP_AUDIT_CONTROL);
        check(unset || capable,
                "audit session: runs can be told apart (login uid " + (unset ? "unset" : loginuid + ", CAP_AUDIT_CONTROL") + ")",
                "audit session: the login uid is set (" + loginuid + ") and CAP_AUDIT_CONTROL is missing, so a "
                        + "profiled run cannot get its own audit session; run syscage as root");
    }

    private void libseccomp() {
        try {
            check(true, "libseccomp: " + SyscallTable.get().libseccompVersion() + " (syscall names)", null);
        } catch (SyscallTableException e) {
            check(false, null, "libseccomp: " + e.getMessage());
        }
    }

    private void nativeParts() {
        try {
            NativeParts parts = NativeParts.unpack();
            check(Files.isExecutable(parts.launcher()) && Files.isReadable(parts.preload()),
                    "native: " + parts.launcher() + " and " + parts.preload(), "native: parts not executable in "
                            + parts.directory());
        } catch (RuntimeException e) {
            check(false, null, "native: " + e.getMessage());
        }
    }

    private void check(boolean ok, String good, String bad) {
        System.out.println((ok ? "ok    " : "FAIL  ") + (ok ? good : bad));
        if (!ok) failures++;
    }

    private static boolean capability(int bit) {
        for (String line : read(Path.of("/proc/self/status")).split("\n")) {
            if (line.startsWith("CapEff:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) >>> bit & 1) == 1;
            }
        }
        return false;
    }


    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
