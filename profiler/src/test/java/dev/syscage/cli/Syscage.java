package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Runs syscage, or a program unconfined, as a separate process, the way a user does. */
final class Syscage {
    static final Path SAMPLES = Path.of(System.getProperty("syscage.samples", "../samples/build")).toAbsolutePath()
            .normalize();

    record Result(int exit, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private Syscage() {
    }

    /** The profile of the sample {@code name}, learned by {@code syscage profile} into {@code dir}. */
    static Path learn(Path dir, String name) throws IOException, InterruptedException {
        Path file = dir.resolve(name + ".yaml");
        Result r = cli(dir, "profile", "-o", file.toString(), "--", sample(name).toString());
        assertEquals(0, r.exit(), r.toString());
        return file;
    }

    static Path sample(String name) {
        Path p = SAMPLES.resolve(name);
        assertTrue(Files.isExecutable(p), "sample not built: " + p + " (run mvn -B verify from the root)");
        return p;
    }

    /** {@code syscage ARGS}, in {@code dir}. */
    static Result cli(Path dir, String... args) throws IOException, InterruptedException {
        return cliVia(List.of(), dir, args);
    }

    /** {@code syscage ARGS} with a heap of {@code heap} (SYSCAGE_HEAP), in {@code dir}. */
    static Result cliWithHeap(Path dir, String heap, String... args) throws IOException, InterruptedException {
        return exec(dir, java(List.of(), heap, args));
    }

    /** {@code syscage ARGS < stdin}, in {@code dir}. */
    static Result cliWithInput(Path dir, Path stdin, String... args) throws IOException, InterruptedException {
        return exec(dir, java(List.of(), args), Map.of(), stdin);
    }

    /** {@code PREFIX syscage ARGS}: syscage started through another program, e.g. one that drops privileges. */
    static Result cliVia(List<String> prefix, Path dir, String... args) throws IOException, InterruptedException {
        return exec(dir, java(prefix, args));
    }

    static final List<String> AS_NOBODY = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");

    /**
     * {@code syscage ARGS} as the unprivileged user nobody, in {@code dir} (which nobody must be able to enter), with
     * {@code XDG_CACHE_HOME=cache} and extra {@code prefix} commands after the drop. The class path's jars are copied
     * where nobody can read them (the local Maven repository is under root's private home).
     */
    static Result cliAsNobody(Path dir, Path cache, List<String> prefix, String... args)
            throws IOException, InterruptedException {
        Path jars = Files.createTempDirectory("syscage-cp");
        try {
            Files.setPosixFilePermissions(jars, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            List<String> entries = new ArrayList<>();
            int n = 0;
            for (String entry : System.getProperty("java.class.path").split(":")) {
                Path p = Path.of(entry);
                if (Files.isRegularFile(p)) {
                    Path copy = jars.resolve(n++ + ".jar");
                    Files.copy(p, copy);
                    Files.setPosixFilePermissions(copy, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                    entries.add(copy.toString());
                } else {
                    entries.add(entry);
                }
            }
            List<String> argv = new ArrayList<>(List.of("env", "XDG_CACHE_HOME=" + cache));
            argv.addAll(AS_NOBODY);
            argv.addAll(prefix);
            argv.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-cp", String.join(":", entries), Main.class.getName()));
            argv.addAll(List.of(args));
            return exec(dir, argv);
        } finally {
            try (var files = Files.list(jars)) {
                for (Path f : files.toList()) Files.delete(f);
            }
            Files.delete(jars);
        }
    }

    /**
     * The command line that runs syscage ARGS in a JVM, with the JVM options of the syscage wrapper: the
     * client compiler, and profile's and parse's capped heap (so the tests run them as users do).
     */
    private static List<String> java(List<String> prefix, String... args) {
        String command = args.length > 0 ? args[0] : "";
        return java(prefix, command.equals("profile") || command.equals("parse") ? "64m" : null, args);
    }

    /** The same with a heap of {@code heap} (null: the JVM's default). */
    private static List<String> java(List<String> prefix, String heap, String... args) {
        List<String> argv = new ArrayList<>(prefix);
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.add("-XX:TieredStopAtLevel=1");
        if (heap != null) argv.add("-Xmx" + heap);
        argv.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        argv.addAll(List.of(args));
        return argv;
    }

    /**
     * {@code syscage ARGS} with stdout on a pseudo-terminal (util-linux script(1)), with extra
     * environment variables: what a person at a terminal sees. stdout and stderr arrive mixed.
     */
    static Result cliOnTty(Path dir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> argv = java(List.of(), args);
        String line = argv.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        return exec(dir, List.of("script", "-qec", line, "/dev/null"), env);
    }

    /** The program itself, unconfined. */
    static Result plain(Path dir, List<String> command) throws IOException, InterruptedException {
        return exec(dir, command);
    }

    private static Result exec(Path dir, List<String> argv) throws IOException, InterruptedException {
        return exec(dir, argv, Map.of());
    }

    /** {@code argv} with extra environment variables ({@code env}). */
    static Result exec(Path dir, List<String> argv, Map<String, String> env) throws IOException, InterruptedException {
        return exec(dir, argv, env, Path.of("/dev/null"));
    }

    /** {@code argv} with extra environment variables ({@code env}) and {@code stdin} as its standard input. */
    private static Result exec(Path dir, List<String> argv, Map<String, String> env, Path stdin)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                stdin.toFile())).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + argv);
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** syscage started and not waited for: a test signals it meanwhile. */
    record Started(Process process, Path out, Path err) {
        Result await() throws IOException, InterruptedException {
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + process.info().commandLine().orElse("syscage"));
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        }

        /** Waits until a descendant of syscage runs {@code comm} (the target is under way); returns its pid. */
        long awaitDescendant(String comm) throws IOException, InterruptedException {
            for (int i = 0; i < 3000; i++) {
                for (ProcessHandle d : process.descendants().toList()) {
                    try {
                        if (Files.readString(Path.of("/proc", Long.toString(d.pid()), "comm")).trim().equals(comm)) {
                            return d.pid();
                        }
                    } catch (IOException e) {
                        // gone meanwhile
                    }
                }
                Thread.sleep(10);
            }
            throw new AssertionError(comm + " never started: " + Files.readString(err));
        }
    }

    /**
     * {@code syscage ARGS} in {@code dir}, not waited for. SIGINT and SIGTERM are reset to their defaults: a
     * build started in the background has SIGINT ignored, and every child would inherit that.
     */
    static Started start(Path dir, String... args) throws IOException {
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        Process p = new ProcessBuilder(java(List.of("env", "--default-signal=INT,TERM"), args)).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new Started(p, out, err);
    }

    /**
     * {@code syscage ARGS} on a pseudo-terminal (script(1)), not waited for: what the test writes to the
     * process's stdin is typed at that terminal (Ctrl-C is {@code \u0003}).
     */
    static Started startOnTty(Path dir, String... args) throws IOException {
        List<String> argv = java(List.of("env", "--default-signal=INT,TERM"), args);
        String line = argv.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        Process p = new ProcessBuilder("script", "-qec", line, "/dev/null").directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new Started(p, out, err);
    }

    static List<String> list(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    static String[] concat(List<String> head, List<String> tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(tail);
        return all.toArray(String[]::new);
    }
}
