package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Audit exclude rules for tests (auditctl, Debian's auditd package), and a machine left without them: a rule left
 * behind would make every later profile on the machine refuse to run. Every rule a test adds carries
 * {@link #MARK}, a comparison that matches every process (no process has that gid), so rules of these tests are
 * told from anyone else's and removed by their exact text: after each test, before the first (left by a run that
 * was killed), and from a shutdown hook (a build stopped by a signal). The class holds the machine-wide lock
 * exclusively, since the rules change what every profile on the machine sees.
 */
final class ExcludeRules implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    static final String MARK = "-F gid!=29999999";
    private static final Thread CLEANUP = new Thread(ExcludeRules::removeMarked, "syscage-test-exclude-rules");

    private final List<String> added = new ArrayList<>();
    private AutoCloseable lock;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        lock = MachineLock.exclusive();
        Runtime.getRuntime().addShutdownHook(CLEANUP);
        removeMarked();
    }

    /** Adds {@code -a always,exclude FIELDS} (and the mark) to the kernel's rules until the test ends. */
    void add(String fields) throws IOException, InterruptedException {
        String rule = "always,exclude " + fields + " " + MARK;
        added.add(rule);
        assertEquals(0, auditctl("-a", rule).exit, "auditctl -a " + rule);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (String rule : added) auditctl("-d", rule);
        added.clear();
        removeMarked();
        assertEquals(List.of(), marked(), "the tests' audit rules were removed");
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            removeMarked();
            Runtime.getRuntime().removeShutdownHook(CLEANUP);
        } finally {
            if (lock != null) lock.close();
        }
    }

    /** Removes every rule carrying the mark, by its exact text as auditctl -l lists it. */
    static void removeMarked() {
        try {
            for (String rule : marked()) auditctl("-d", rule.substring("-a ".length()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> marked() throws IOException, InterruptedException {
        return auditctl("-l").out.lines().filter(l -> l.startsWith("-a ") && l.contains(MARK)).toList();
    }

    private record Ran(int exit, String out) {
    }

    private static Ran auditctl(String option, String... rule) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("auditctl", option));
        for (String r : rule) argv.addAll(List.of(r.split(" ")));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Ran(p.waitFor(), out);
    }
}
