package dev.syscage.run;

import dev.syscage.nativeparts.NativeContract;
import dev.syscage.nativeparts.NativeParts;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * Nothing of a profiling run outlives a syscage that is killed (even SIGKILL, which no handler sees): the run's
 * processes live under a log-everything filter. syscage moves itself into a cgroup v2 of its own before it starts
 * anything, so that every process of its runs is born there and cannot leave it without write access to another
 * cgroup; a guard ({@code syscage-exec --guard}), started before that move and outside the cgroup, holds a pipe from
 * syscage. When the pipe ends without syscage's word that it is exiting normally, syscage is gone: the guard writes
 * {@code cgroup.kill}, which the kernel applies to every process in the cgroup, new ones included. Either way the
 * guard removes the cgroup once it is empty (a daemon that outlives a normal end keeps it until it exits). One guard
 * serves the whole life of syscage's JVM.
 */
public final class RunGuard {
    private static final String RELEASE = NativeContract.GUARD_RELEASE;

    /** The pipe to the guard; kept reachable, since collecting it would close the pipe. Null: no guard. */
    private static OutputStream guard;
    private static volatile long guardPid = -1;
    private static Optional<String> unavailable;

    private RunGuard() {
    }

    /**
     * Puts syscage in a guarded cgroup, once per JVM, before it starts a run. Empty when it is; else why not, for
     * a warning: then processes that left the target can outlive a killed syscage.
     */
    public static synchronized Optional<String> start(NativeParts parts) {
        if (unavailable == null) unavailable = guard(parts);
        return unavailable;
    }

    private static Optional<String> guard(NativeParts parts) {
        // a launcher that cannot run (a noexec mount) is reported by the run's preflight, and nothing starts
        if (!Files.isExecutable(parts.launcher())) return Optional.empty();
        Path cgroup;
        try {
            cgroup = Cgroups.own().resolve("syscage-" + ProcessHandle.current().pid() + "-"
                    + Integer.toHexString(new SecureRandom().nextInt()));
            Files.createDirectory(cgroup);
        } catch (IOException e) {
            return Optional.of("no cgroup v2 of syscage's own (" + e.getMessage() + ")");
        }
        Process p;
        try {
            // the launcher's --guard: it says on stderr when it cannot kill the run
            p = new ProcessBuilder(NativeContract.guardCommand(parts, cgroup))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            quietly(() -> Files.deleteIfExists(cgroup));
            return Optional.of("cannot start the guard process (" + e.getMessage() + ")");
        }
        OutputStream pipe = p.getOutputStream();
        try {
            Files.writeString(cgroup.resolve("cgroup.procs"), Long.toString(ProcessHandle.current().pid()));
        } catch (IOException e) {
            release(pipe);
            return Optional.of("cannot move syscage into " + cgroup + " (" + e.getMessage() + ")");
        }
        guard = pipe;
        guardPid = p.pid();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> release(pipe), "syscage-guard-release"));
        return Optional.empty();
    }

    /** Whether {@code process} is the guard: syscage's child, but not the run's (a signal to the run must spare it). */
    static boolean isGuard(ProcessHandle process) {
        return process.pid() == guardPid;
    }

    /** syscage exits normally: the guard kills nothing. */
    private static void release(OutputStream pipe) {
        quietly(() -> {
            pipe.write(RELEASE.getBytes(StandardCharsets.US_ASCII));
            pipe.close();
        });
    }

    private interface Step {
        void run() throws IOException;
    }

    private static void quietly(Step step) {
        try {
            step.run();
        } catch (IOException e) {
            // the guard is gone already, or the cgroup: nothing left to do
        }
    }

    /** Where syscage's cgroup v2 is: the cgroup2 mount plus its own path from /proc/self/cgroup. */
    static final class Cgroups {
        private Cgroups() {
        }

        static Path own() throws IOException {
            String path = null;
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                if (line.startsWith("0::")) path = line.substring(3);
            }
            if (path == null) throw new IOException("/proc/self/cgroup has no cgroup v2 line");
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] halves = line.split(" - ", 2);
                if (halves.length < 2 || !halves[1].startsWith("cgroup2 ")) continue;
                String[] fields = halves[0].split(" ");
                // the mount's root within the hierarchy, and where it is mounted
                if (!fields[3].equals("/")) continue;
                return Path.of(fields[4].replace("\\040", " ")).resolve(path.substring(1));
            }
            throw new IOException("no cgroup2 file system is mounted");
        }
    }
}
