package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a command starts besides its work: no helper processes. JNA ran {@code ldconfig -p} at every start-up
 * until the CLI set its library search list (benchmarks/BENCHMARKS.md); an earlier change believed to stop it did not,
 * and nothing checked. Traced with strace on the real CLI.
 */
@Tag("kernel")
class StartUpTest {
    @TempDir
    Path dir;

    /** The programs {@code syscage ARGS} executed, from strace's execve lines. */
    private List<String> executed(String... args) throws Exception {
        Path trace = dir.resolve("trace");
        Syscage.Result r = Syscage.cliVia(List.of("strace", "-f", "-qq", "-e", "trace=execve", "-o", trace.toString()),
                dir, args);
        assertEquals(0, r.exit(), r.toString());
        return Files.readAllLines(trace).stream().filter(l -> l.contains("execve(\"") && !l.contains("= -1"))
                .map(l -> l.substring(l.indexOf("execve(\"") + 8, l.indexOf('"', l.indexOf("execve(\"") + 8)))
                .toList();
    }

    @Test
    void parseStartsNoOtherProgram() throws Exception {
        Path log = Path.of("src/test/resources/audit-samples/auditd-raw.log").toAbsolutePath();
        List<String> programs = executed("parse", "--exe", "/srv/demo/myos", "-o", dir.resolve("p.yaml").toString(),
                log.toString());
        assertEquals(1, programs.size(), "the JVM alone: " + programs);
        assertTrue(programs.get(0).endsWith("/java"), programs.toString());
    }

    @Test
    void profileStartsOnlyItsLauncherAndTheTarget() throws Exception {
        String myos = Syscage.sample("myos").toString();
        List<String> programs = executed("profile", "-o", dir.resolve("m.yaml").toString(), "--", myos);
        List<String> others = programs.stream().filter(p -> !p.endsWith("/java") && !p.endsWith("/jspawnhelper")
                && !p.endsWith("/syscage-exec") && !p.equals(myos)).toList();
        assertEquals(List.of(), others, "every program started: " + programs);
    }
}
