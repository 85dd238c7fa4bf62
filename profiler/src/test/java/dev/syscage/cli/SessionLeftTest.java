package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syscage.policy.Profile;
import dev.syscage.policy.ProfileYaml;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, item 2, against the real kernel: a program under profile writes its own /proc/self/loginuid (as
 * pam_loginuid or a nested syscage does) and goes on; its later calls carry an audit session no marker of the run
 * names. The profile says so, names the process, and is incomplete (122), instead of silently missing them.
 */
@Tag("kernel")
class SessionLeftTest {
    @TempDir
    Path dir;

    @Test
    void aProcessThatStartsItsOwnAuditSessionIsNamed() throws Exception {
        String hello = Syscage.sample("helloworld").toString();
        Path out = dir.resolve("left.yaml");
        // The shell itself opens /proc/self/loginuid for the redirection: it is the one that moves.
        Syscage.Result r = Syscage.cli(dir, "profile", "-o", out.toString(), "--", "/bin/sh", "-c",
                "echo 0 > /proc/self/loginuid && exec " + hello);
        assertEquals(ExitCodes.INCOMPLETE, r.exit(), r.toString());
        assertTrue(r.stdout().contains("Hello, world!"), r.toString());
        Profile p = ProfileYaml.read(out);
        assertFalse(p.metadata().complete());
        assertTrue(p.metadata().loss().stream().anyMatch(l -> l.method().equals("left-run") && l.count() > 0),
                p.metadata().loss().toString());
        assertTrue(p.metadata().warnings().stream().anyMatch(w -> w.contains("/proc/self/loginuid")
                && w.matches(".*pid \\d+ \\(/usr/bin/dash, \\d+ records\\).*")), p.metadata().warnings().toString());
        assertTrue(r.stderr().contains("a process of the run started an audit session of its own"), r.toString());
    }
}
