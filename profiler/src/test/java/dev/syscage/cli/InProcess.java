package dev.syscage.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** {@code syscage ARGS} in the test's own JVM (no start-up cost): for commands that start no target. */
final class InProcess {
    /**
     * What Jazzer's agent prints on stderr while the classes a command loads are instrumented, once a fuzz test has
     * run in this JVM (the whole build runs them all in one): the test JVM's, not syscage's output.
     */
    private static final Pattern JAZZER = Pattern.compile("(?m)^INFO: (Instrumented|New number of coverage) .*\\R");

    private InProcess() {
    }

    private static String withoutJazzer(ByteArrayOutputStream err) {
        return JAZZER.matcher(err.toString(StandardCharsets.UTF_8)).replaceAll("");
    }

    /**
     * {@code syscage ARGS} as if started in {@code dir}: this JVM cannot change its directory, so each argument that
     * names a file in {@code dir} (a plain name that exists there, or one of a file type syscage writes) is given
     * with its path, and the output says it again without.
     */
    static Syscage.Result cli(Path dir, String... args) {
        String[] argv = args.clone();
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (!a.startsWith("-") && !a.contains("/") && (Files.exists(dir.resolve(a)) || FILE.matcher(a).matches())) {
                argv[i] = dir.resolve(a).toString();
            }
        }
        Syscage.Result r = cli(argv);
        String prefix = dir + "/";
        return new Syscage.Result(r.exit(), r.stdout().replace(prefix, ""), r.stderr().replace(prefix, ""));
    }

    private static final Pattern FILE = Pattern.compile(".+\\.(yaml|json|policy|log|txt|csv|conf)");

    static synchronized Syscage.Result cli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int status = Main.execute(args);
            return new Syscage.Result(status, o.toString(StandardCharsets.UTF_8), withoutJazzer(e));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
