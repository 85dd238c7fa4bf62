package dev.syscage.nativeparts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The binaries under test (native/build, written by make) and a way to run them. */
final class NativeRun {
    static final Path BUILD = Path.of(System.getProperty("user.dir")).resolve("build").toAbsolutePath();
    static final Path LAUNCHER = BUILD.resolve("syscage-exec");
    static final Path PRELOAD = BUILD.resolve("libsyscage.so");
    static final Path PROBE = BUILD.resolve("test/probe");
    static final Path PROBE_STATIC = BUILD.resolve("test/probe-static");
    static final Path AUDITWATCH = BUILD.resolve("test/auditwatch");

    /** How Java reports a process killed by SIGSYS (128 + 31), like a shell does. */
    static final int KILLED_BY_SIGSYS = 159;

    /**
     * What the dynamic probe needs before its main: the loader, libc start-up, and the preload
     * constructor (policy read and its ownership checks, libseccomp, install), plus writev
     * for ld.so's own error messages. Generous on purpose: these tests are about the main phase.
     */
    static final List<String> INIT = List.of("execve", "brk", "arch_prctl", "mmap", "munmap", "mprotect",
            "access", "openat", "newfstatat", "fstat", "close", "read", "pread64", "set_tid_address",
            "set_robust_list", "rseq", "prlimit64", "getrandom", "readlink", "memfd_create", "lseek",
            "prctl", "seccomp", "write", "writev");

    /** The probe's own main phase: printing and exiting. */
    static final List<String> MAIN = List.of("write", "exit_group");

    /** The main phase of probes that execute probes: each one's loader and constructor run in it. */
    static final List<String> EXECUTING = plus(INIT, MAIN.toArray(String[]::new));

    private NativeRun() {
    }

    record Result(int status, String stdout, String stderr) {
        List<String> stderrLines() {
            return stderr.isEmpty() ? List.of() : List.of(stderr.split("\n"));
        }

        /** Exactly one line on stderr, the contract's "syscage: WHAT; HOW". */
        String oneSyscageLine() {
            List<String> lines = stderrLines();
            assertEquals(1, lines.size(), "expected one line on stderr, got: " + stderr);
            String line = lines.get(0);
            assertTrue(line.startsWith("syscage: ") && line.contains("; "),
                    "not a 'syscage: WHAT; HOW' line: " + line);
            return line;
        }

        @Override
        public String toString() {
            return "status " + status + ", stdout [" + stdout + "], stderr [" + stderr + "]";
        }
    }

    /** A policy file in DIR with header, arch and the given init and main lines. */
    static Path policy(Path dir, List<String> init, List<String> main) {
        StringBuilder text = new StringBuilder("syscage-policy 1\narch x86_64\n");
        init.forEach(s -> text.append("init ").append(s).append('\n'));
        main.forEach(s -> text.append("main ").append(s).append('\n'));
        return write(dir, "policy", text.toString());
    }

    static Path write(Path dir, String prefix, String text) {
        try {
            Path file = Files.createTempFile(dir, prefix, ".txt");
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> plus(List<String> base, String... more) {
        List<String> out = new ArrayList<>(base);
        out.addAll(List.of(more));
        return out;
    }

    static List<String> minus(List<String> base, String... less) {
        List<String> out = new ArrayList<>(base);
        out.removeAll(List.of(less));
        return out;
    }

    /** syscage-exec with OPTIONS, then "--" and COMMAND. */
    static Result launch(List<String> options, String... command) {
        return launch(Map.of(), options, command);
    }

    /** The same with ENV added (SYSCAGE_END_KEY for --profile). */
    static Result launch(Map<String, String> env, List<String> options, String... command) {
        List<String> argv = new ArrayList<>();
        argv.add(LAUNCHER.toString());
        argv.addAll(options);
        argv.add("--");
        argv.addAll(List.of(command));
        return run(argv, env);
    }

    /** syscage-exec --mark-end with KEY on its standard input. */
    static Result markEnd(long key) {
        return run(List.of(LAUNCHER.toString(), "--mark-end"), Map.of(), key + "\n");
    }

    /** COMMAND with libsyscage.so preloaded and ENV added (no launcher). */
    static Result preloaded(Map<String, String> env, String... command) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("LD_PRELOAD", PRELOAD.toString());
        return run(List.of(command), all);
    }

    /**
     * Runs ARGV with the test's environment minus syscage's variables, plus ENV; waits for it.
     * The timeout only keeps a broken build from hanging the suite.
     */
    static Result run(List<String> argv, Map<String, String> env) {
        return run(argv, env, "");
    }

    /** The same with STDIN as the program's standard input. */
    static Result run(List<String> argv, Map<String, String> env, String stdin) {
        ProcessBuilder pb = new ProcessBuilder(argv);
        for (String name : List.of("LD_PRELOAD", "SYSCAGE_POLICY", "SYSCAGE_ACTION", "SYSCAGE_PROFILE",
                "SYSCAGE_AUID", "SYSCAGE_END_KEY", "SECCOMP_SYSCALL_ALLOW", "SECCOMP_SYSCALL_DENY",
                "SECCOMP_DEFAULT_ACTION")) {
            pb.environment().remove(name);
        }
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the program did not read its input
            }
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("did not finish: " + argv);
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static CompletableFuture<String> drain(InputStream in) {
        // A thread of its own: the common pool may have a single worker, and two blocking
        // readers queued on it would deadlock once the process fills the other pipe.
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, task -> {
            Thread t = new Thread(task, "drain");
            t.setDaemon(true);
            t.start();
        });
    }
}
