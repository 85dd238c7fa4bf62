package dev.syscage.export;

import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The calls a container runtime makes itself between installing the container's seccomp filter and
 * executing the container's program. They happen under the filter, so a container profile must
 * allow them although the program never makes them.
 *
 * <p>Measured against Debian 12's runc 1.1.5 and crun 1.8.1 on x86_64 (Linux 6.18), and measured again by
 * ConsumersTest in every build, so a runtime version that needs more fails a test: a bundle running
 * samples/build/hello-static with {@code defaultAction: SCMP_ACT_LOG} and no allowed call (runc: 40 runs
 * each, some on a loaded machine), reading the kernel's SECCOMP audit records of the runtime's init
 * process up to its {@code execve}. The calls seen in only some runs are Go runtime work that
 * depends on timing (a {@code futex} wake-up, {@code rt_sigreturn} after a preemption signal); they
 * are listed because a start that fails one time in five is worse than two more allowed calls.
 */
public enum ContainerRuntime {
    /**
     * runc with {@code noNewPrivileges: true} (the default of {@code runc spec}; in Kubernetes,
     * {@code allowPrivilegeEscalation: false}): runc installs the filter just before execve. In
     * between it closes its file descriptors (reads /proc/self/fd: openat, fstatfs, getdents64,
     * close), signals its parent through the exec fifo (openat, write), unregisters them from its
     * epoll set (epoll_ctl), and calls getpid.
     */
    RUNC("runc", "runc", true, List.of("close", "epoll_ctl", "execve", "fstatfs", "futex", "getdents64", "getpid",
            "openat", "rt_sigreturn", "write")),
    /**
     * runc with {@code noNewPrivileges: false} (Docker's and Kubernetes' default): without
     * no_new_privs, installing a filter needs CAP_SYS_ADMIN, so runc installs it before it drops
     * privileges; everything after runs under it too: setting the user (setgroups, setgid, setuid),
     * capabilities (capget, capset, prctl), the working directory (getcwd, chdir), checking the
     * program (newfstatat, faccessat2), checking that its parent is still there (getppid), and the steps of
     * {@link #RUNC}.
     */
    RUNC_NO_NNP("runc-no-nnp", "runc", false, List.of("capget", "capset", "chdir", "close", "epoll_ctl", "execve",
            "faccessat2", "fcntl", "fstat", "fstatfs", "futex", "getcwd", "getdents64", "getpid", "getppid", "newfstatat",
            "openat", "prctl", "read", "rt_sigreturn", "setgid", "setgroups", "setuid", "write")),
    /**
     * crun with {@code noNewPrivileges: true}: crun installs the filter last, closes the descriptor it
     * reported through, and executes the program.
     */
    CRUN("crun", "crun", true, List.of("close", "execve")),
    /**
     * crun with {@code noNewPrivileges: false}: crun installs the filter before it sets the user
     * (setresgid, setresuid), the capabilities (capset, prctl) and the signal state (rt_sigaction,
     * rt_sigprocmask), reports through its descriptor (write, close), and executes the program.
     */
    CRUN_NO_NNP("crun-no-nnp", "crun", false, List.of("capset", "close", "execve", "prctl", "rt_sigaction",
            "rt_sigprocmask", "setresgid", "setresuid", "write")),
    /**
     * Every runtime above, with or without no_new_privs: the container starts under Docker (runc), Podman
     * (crun) and Kubernetes at their defaults (noNewPrivileges false unless allowPrivilegeEscalation: false).
     */
    ANY("any", null, false, List.of()),
    /** Add nothing (a runtime of your own, or one whose calls the profile already holds). */
    NONE("none", null, true, List.of());

    private final String key;
    private final String command;
    private final boolean noNewPrivileges;
    private final List<String> calls;

    ContainerRuntime(String key, String command, boolean noNewPrivileges, List<String> calls) {
        this.key = key;
        this.command = command;
        this.noNewPrivileges = noNewPrivileges;
        this.calls = calls;
    }

    /** The runtime's program (runc, crun), or null for {@link #ANY} and {@link #NONE}. */
    public String command() {
        return command;
    }

    /** The container's process.noNewPrivileges this list is for. */
    public boolean noNewPrivileges() {
        return noNewPrivileges;
    }

    /** The {@code --runtime} value. */
    public String key() {
        return key;
    }

    /** The runtime's calls after installing the filter, native-ABI names. */
    public SortedSet<String> calls() {
        if (this == ANY) {
            SortedSet<String> all = new TreeSet<>();
            for (ContainerRuntime r : values()) {
                if (r.command != null) all.addAll(r.calls);
            }
            return all;
        }
        return new TreeSet<>(calls);
    }

    public static Optional<ContainerRuntime> byKey(String key) {
        for (ContainerRuntime r : values()) {
            if (r.key.equals(key)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    public static String keys() {
        return String.join(", ", java.util.Arrays.stream(values()).map(ContainerRuntime::key).toList());
    }
}
