package dev.syscage.nativeparts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The filter each plan of the launcher and the library builds, as libseccomp's pseudo code, against golden files
 * for x86_64 and aarch64 (the way libseccomp and minijail test theirs): no kernel is asked, so the aarch64 branches
 * of sysname.c and filter.c run on any machine ({@code build/test/filter-pfc}). Rewrite the files with
 * {@code -Dsyscage.golden.update=true} after an intended change, and review the diff.
 */
class FilterGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/filters");
    private static final Path PROGRAM = NativeRun.BUILD.resolve("test/filter-pfc");

    /** A policy of each architecture: both phases, a call of a second ABI, and (x86_64) a call by number only. */
    private static final Map<String, String> POLICIES = Map.of(
            "x86_64", "syscage-policy 1\narch x86_64\ninit execve\ninit openat\ninit mmap\nmain write\n"
                    + "main exit_group\nmain 462\nmain x86:getpid\nmain x32:getpid\n",
            "aarch64", "syscage-policy 1\narch aarch64\ninit execve\ninit openat\ninit mmap\nmain write\n"
                    + "main exit_group\nmain arm:getpid\n",
            "empty", "syscage-policy 1\narch x86_64\n");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "x86_64-launcher-kill      | x86_64  | launcher  | x86_64 | kill     |",
        "x86_64-launcher-errno     | x86_64  | launcher  | x86_64 | errno:13 |",
        "x86_64-profiling-first    | x86_64  | profiling | empty  |          |",
        "x86_64-profiling-base     | x86_64  | profiling | x86_64 |          |",
        "x86_64-preload-policy     | x86_64  | preload   | x86_64 | trap     |",
        "x86_64-preload-allow      | x86_64  | preload   |        |          | SECCOMP_SYSCALL_ALLOW=write:exit_group",
        "x86_64-preload-deny       | x86_64  | preload   |        | errno    | SECCOMP_SYSCALL_DENY=ptrace:mount",
        "aarch64-launcher-kill     | aarch64 | launcher  | aarch64 | kill    |",
        "aarch64-profiling-base    | aarch64 | profiling | aarch64 |         |",
        "aarch64-preload-policy    | aarch64 | preload   | aarch64 | kill    |",
        "aarch64-preload-deny      | aarch64 | preload   |        |          | SECCOMP_SYSCALL_DENY=ptrace:mount",
    })
    void eachPlanBuildsTheFilterItsGoldenFileShows(String name, String arch, String plan, String policy, String action,
            String variable) throws Exception {
        List<String> argv = new ArrayList<>(List.of(PROGRAM.toString(), arch, plan));
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().keySet().removeIf(k -> k.startsWith("SYSCAGE_") || k.startsWith("SECCOMP_"));
        Path file = null;
        if (policy != null) {
            file = dir.resolve(policy + ".policy");
            Files.writeString(file, POLICIES.get(policy));
        }
        switch (plan) {
            case "launcher" -> argv.addAll(List.of(file.toString(), action));
            case "profiling" -> argv.add(file.toString());
            default -> {
                if (file != null) pb.environment().put("SYSCAGE_POLICY", file.toString());
                if (action != null) pb.environment().put(file != null ? "SYSCAGE_ACTION" : "SECCOMP_DEFAULT_ACTION",
                        action);
                if (variable != null) pb.environment().put(variable.split("=")[0], variable.split("=", 2)[1]);
            }
        }
        Process p = pb.command(argv).redirectErrorStream(true).start();
        String pfc = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), pfc);
        Path golden = GOLDEN.resolve(name + ".pfc");
        if (Boolean.getBoolean("syscage.golden.update")) Files.writeString(golden, pfc);
        assertEquals(Files.readString(golden), pfc, "the filter of " + name + " differs from " + golden);
    }
}
