package dev.syscage.nativeparts;

import dev.syscage.policy.Phase;
import dev.syscage.policy.Profile;
import dev.syscage.policy.SyscallRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Java mirror of native/README.md: the file names, environment variables, launcher options,
 * policy file format, marker numbers and exit statuses of libsyscage.so and syscage-exec.
 * Nothing else in the Java code spells these out.
 */
public final class NativeContract {
    public static final String LAUNCHER = "syscage-exec";
    public static final String PRELOAD = "libsyscage.so";

    public static final String ENV_POLICY = "SYSCAGE_POLICY";
    public static final String ENV_ACTION = "SYSCAGE_ACTION";
    public static final String ENV_PROFILE = "SYSCAGE_PROFILE";
    public static final String ENV_AUID = "SYSCAGE_AUID";
    /** The launcher's end key with {@code --profile}; it removes the variable before the target starts. */
    public static final String ENV_END_KEY = "SYSCAGE_END_KEY";
    public static final String ENV_LOADED = "SYSCAGE_LOADED";
    public static final String ENV_ALLOW = "SECCOMP_SYSCALL_ALLOW";
    public static final String ENV_DENY = "SECCOMP_SYSCALL_DENY";
    public static final String ENV_DEFAULT_ACTION = "SECCOMP_DEFAULT_ACTION";

    /** The sandbox could not be set up (bad option, policy, syscall name, action; kernel refusal). */
    public static final int EXIT_SETUP_FAILED = 125;
    public static final int EXIT_NOT_EXECUTABLE = 126;
    public static final int EXIT_NOT_FOUND = 127;

    public static final String POLICY_HEADER = "syscage-policy 1";
    /**
     * What libsyscage.so's constructor calls to install its filter when it enforces, which the program itself may
     * never call: the native policy file allows them in the init phase (native/README.md, "The library's own
     * calls"); profiles leave them out.
     */
    public static final List<String> PRELOAD_CALLS = List.of("prctl", "seccomp");
    /** The calls that execute a program, whose constructor then needs {@link #PRELOAD_CALLS} in that phase. */
    private static final List<String> EXECUTING = List.of("execve", "execveat");
    /** The most syscall lines ({@code init X}, {@code main X}) a policy file may have. */
    public static final int MAX_POLICY_LINES = 4096;
    public static final int TOKEN_MAX = 0xFFFFFF;
    /** The end key: 48 bits, carried by two markers of 24 (high half first). */
    public static final long END_KEY_MAX = 0xFFFFFFFFFFFFL;
    private static final long MARKER_BASE = 0x10000000L;
    private static final long MARKER_STRIDE = 0x01000000L;

    /** The launcher option that starts a new audit session and writes {@code ses=N pid=P} to a file. */
    private static final String OPT_REPORT = "--report";
    private static final String OPT_DIE_WITH_PARENT = "--die-with-parent";

    private NativeContract() {
    }

    /**
     * The points syscage marks in the audit stream by calling a reserved syscall number. Each kind's number is
     * part of the contract (native/src/marker.h spells the same): never renumber, only add.
     */
    public enum MarkerKind {
        START(0), MAIN(1), END(2), NUDGE(3), CROSS(4), KEY(5);

        private final int number;

        MarkerKind(int number) {
            this.number = number;
        }

        public int number() {
            return number;
        }

        static Optional<MarkerKind> of(long number) {
            for (MarkerKind k : values()) {
                if (k.number == number) return Optional.of(k);
            }
            return Optional.empty();
        }
    }

    /** A marker: its kind and its 24-bit payload (the run's token; for END and KEY, half of the end key). */
    public record Marker(MarkerKind kind, int token) {
    }

    /** The syscall number that marks {@code kind} for {@code token}. */
    public static long markerNumber(MarkerKind kind, int token) {
        return MARKER_BASE + kind.number() * MARKER_STRIDE + token;
    }

    /** The marker a native-ABI syscall number stands for, if it is one. */
    public static Optional<Marker> decodeMarker(long syscall) {
        long offset = syscall - MARKER_BASE;
        if (offset < 0) return Optional.empty();
        return MarkerKind.of(offset / MARKER_STRIDE).map(kind -> new Marker(kind, (int) (offset % MARKER_STRIDE)));
    }

    /** The payload of the first of the two markers that carry an end key. */
    public static int keyHigh(long key) {
        return (int) (key >>> 24) & TOKEN_MAX;
    }

    /** The payload of the second of the two markers that carry an end key. */
    public static int keyLow(long key) {
        return (int) key & TOKEN_MAX;
    }

    /** The actions a policy's refusals can take, as the launcher and the library accept them. */
    public static boolean isAction(String action) {
        String a = action.toLowerCase(Locale.ROOT);
        if (a.equals("kill") || a.equals("kill-process") || a.equals("kill-thread") || a.equals("trap")
                || a.equals("log") || a.equals("errno")) {
            return true;
        }
        if (!a.startsWith("errno:")) return false;
        try {
            int n = Integer.parseInt(a.substring(6));
            return n > 0 && n < 4096;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public static final String ACTIONS = "kill, kill-thread, trap, errno, errno:N or log";

    /** The policy file the native parts read: both phases of {@code profile}, each with the baseline. */
    public static String renderPolicy(Profile profile) {
        StringBuilder out = new StringBuilder();
        out.append(POLICY_HEADER).append('\n');
        out.append("# written by syscage; the allowlist of each phase, one syscall a line\n");
        out.append("arch ").append(profile.arch().seccompName()).append('\n');
        for (Phase phase : Phase.values()) {
            for (SyscallRef ref : profile.phase(phase)) {
                out.append(phase.key()).append(' ').append(ref.text()).append('\n');
            }
        }
        // The library's constructor installs its filter in the init phase, and again in every program a main-phase
        // process executes (under the main-phase filter it inherits).
        boolean executes = profile.allowed(Phase.MAIN).stream().anyMatch(r -> r.abi() == null
                && EXECUTING.contains(r.name()));
        out.append("# libsyscage.so's own calls: it installs its filter in the init phase")
                .append(executes ? ", and in the programs main executes\n" : "\n");
        for (String call : PRELOAD_CALLS) {
            out.append(Phase.INIT.key()).append(' ').append(call).append('\n');
            if (executes) out.append(Phase.MAIN.key()).append(' ').append(call).append('\n');
        }
        if (!profile.baseline().isEmpty()) {
            out.append("# the baseline: allowed in every phase\n");
        }
        for (Phase phase : Phase.values()) {
            for (SyscallRef ref : profile.allowed(phase)) {
                if (!profile.phase(phase).contains(ref)) {
                    out.append(phase.key()).append(' ').append(ref.text()).append('\n');
                }
            }
        }
        return out.toString();
    }

    /** The policy that allows nothing: what profiling enforces, with the action {@code log}. */
    public static String emptyPolicy(String arch) {
        return POLICY_HEADER + "\narch " + arch + "\n";
    }

    /**
     * {@code syscage-exec} profiling {@code command}: every call {@code base} lacks logged (an empty policy: every
     * call), markers on. The report file names the run's audit session even when a lossy source drops the START
     * marker. The target dies with syscage. The launcher also needs the run's end key in {@link #ENV_END_KEY}.
     */
    public static List<String> profileCommand(NativeParts parts, int token, Path base, Path report,
            List<String> command) {
        List<String> argv = new ArrayList<>(List.of(parts.launcher().toString(), "--profile", Integer.toString(token),
                "--policy", base.toString(), "--action", "log", "--preload", parts.preload().toString(),
                OPT_REPORT, report.toString(), OPT_DIE_WITH_PARENT, "--"));
        argv.addAll(command);
        return argv;
    }

    /**
     * {@code syscage-exec} enforcing {@code policy}; the report file tells which audit session is the run's. The
     * target dies with syscage.
     */
    public static List<String> enforceCommand(NativeParts parts, Path policy, String action, Path report,
            List<String> command) {
        List<String> argv = new ArrayList<>(List.of(parts.launcher().toString(), "--policy", policy.toString(),
                "--action", action, "--preload", parts.preload().toString(), OPT_DIE_WITH_PARENT));
        if (report != null) argv.addAll(List.of(OPT_REPORT, report.toString()));
        argv.add("--");
        argv.addAll(command);
        return argv;
    }

    /**
     * The environment changes that confine a program through the preload library alone (no launcher: the init
     * phase runs unconfined): null values are variables to remove, so an inherited {@code SYSCAGE_PROFILE} cannot
     * turn enforcement into profiling. The library's constructor appends the pid of the process it runs in to
     * {@code loaded}, a file that exists already.
     */
    public static Map<String, String> preloadEnvironment(NativeParts parts, Path policy, String action, Path loaded) {
        Map<String, String> env = new HashMap<>();
        env.put(ENV_LOADED, loaded.toAbsolutePath().toString());
        env.put("LD_PRELOAD", parts.preload().toString());
        env.put(ENV_POLICY, policy.toAbsolutePath().toString());
        env.put(ENV_ACTION, action);
        env.put(ENV_PROFILE, null);
        env.put(ENV_AUID, null);
        return env;
    }

    /**
     * {@code syscage-exec} installing {@code policy}'s init ∪ main filter and executing {@code target}
     * with action {@code log} and no preload: whether the kernel accepts the filter, and nothing refused.
     */
    public static List<String> trialLoadCommand(NativeParts parts, Path policy, String target) {
        return List.of(parts.launcher().toString(), "--policy", policy.toString(), "--action", "log",
                "--no-preload", "--", target);
    }

    /** {@code syscage-exec --export-bpf}: the init ∪ main filter of {@code policy} as a BPF program on stdout. */
    public static List<String> exportBpfCommand(NativeParts parts, Path policy, String action) {
        return List.of(parts.launcher().toString(), "--export-bpf", "--policy", policy.toString(), "--action", action);
    }

    /** {@code syscage-exec --help}: prints the usage and exits 0, nothing else. */
    public static List<String> helpCommand(NativeParts parts) {
        return List.of(parts.launcher().toString(), "--help");
    }

    /**
     * {@code syscage-exec --mark-end}: the two END records of the end key, after every record of the run. The key
     * goes to its standard input as one decimal line ({@link #endKeyLine}), never in its argv.
     */
    public static List<String> markEndCommand(NativeParts parts) {
        return List.of(parts.launcher().toString(), "--mark-end");
    }

    /** What {@code --mark-end} reads on its standard input, and {@link #ENV_END_KEY}'s value. */
    public static String endKeyLine(long key) {
        return Long.toString(key);
    }

    /**
     * {@code syscage-exec --nudge}: one record of no run, which makes the kernel's audit thread wake the
     * threads left waiting at its backlog limit (see {@code BacklogStall}).
     */
    public static List<String> nudgeCommand(NativeParts parts, int token) {
        return List.of(parts.launcher().toString(), "--nudge", Integer.toString(token));
    }

    /** What syscage writes to {@code syscage-exec --guard}'s standard input when it exits normally. */
    public static final String GUARD_RELEASE = "release\n";

    /**
     * {@code syscage-exec --guard CGROUP}: waits for {@link #GUARD_RELEASE} on its standard input; when the input
     * ends without it (syscage died), kills every process in {@code cgroup}; removes the cgroup once empty.
     */
    public static List<String> guardCommand(NativeParts parts, Path cgroup) {
        return List.of(parts.launcher().toString(), "--guard", cgroup.toString());
    }

    /** The audit session id a {@code --report} file names, or -1 if it has none (the kernel gave the launcher none). */
    public static long reportedSession(String reportText) {
        return reported(reportText, "ses=");
    }

    /** The launcher's pid a {@code --report} file names, or -1 if it has none. */
    public static long reportedPid(String reportText) {
        return reported(reportText, "pid=");
    }

    private static long reported(String reportText, String key) {
        for (String word : reportText.trim().split("\\s+")) {
            if (word.startsWith(key)) {
                try {
                    return Long.parseLong(word.substring(key.length()));
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }
}
