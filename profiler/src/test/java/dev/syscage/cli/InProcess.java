package dev.syscage.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
