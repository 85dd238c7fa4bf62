package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each command does without the privileges it wants, and with a policy it cannot apply here. */
class PrivilegesTest {
    /** Root without CAP_AUDIT_READ: it cannot be regained, since it is gone from the bounding set. */
    private static final List<String> NO_AUDIT_READ = List.of("setpriv", "--bounding-set=-audit_read",
            "--inh-caps=-audit_read");

    @TempDir
    Path dir;

    @Test
    void profileWithoutAuditReadNamesTheCapabilityAndDoesNotRunTheTarget() throws Exception {
        Syscage.Result r = Syscage.cliVia(NO_AUDIT_READ, dir, "profile", "-o", "x.yaml", "--",
                Syscage.sample("myos").toString());
        assertEquals(ExitCodes.SETUP_FAILED, r.exit(), r.toString());
        assertEquals("", r.stdout(), "the target must not run unobserved");
        assertTrue(r.stderr().contains("CAP_AUDIT_READ"), r.stderr());
        assertEquals(1, r.stderr().lines().count(), r.stderr());
        assertFalse(Files.exists(dir.resolve("x.yaml")));
    }

    @Test
    void runWithoutAuditReadStillEnforcesAndSaysWhatItCannotDo() throws Exception {
        String myos = Syscage.sample("myos").toString();
        assertEquals(0, Syscage.cli(dir, "profile", "-o", "myos.yaml", "--", myos).exit());
        Syscage.Result r = Syscage.cliVia(NO_AUDIT_READ, dir, "run", "--policy", "myos.yaml", "--", myos);
        assertEquals(0, r.exit(), r.toString());
        assertEquals("My OS is Linux!\n", r.stdout());
        assertTrue(r.stderr().contains("refused syscalls cannot be named") && r.stderr().contains("CAP_AUDIT_READ"),
                r.stderr());
    }

    @Test
    void aPolicyForAnotherArchitectureIsRefusedBeforeAnythingRuns() throws Exception {
        Files.writeString(dir.resolve("arm.yaml"), "schema: 1\narch: aarch64\nphases:\n  init: [execve]\n  main: [write]\n");
        Syscage.Result r = Syscage.cli(dir, "run", "--policy", "arm.yaml", "--", "/bin/echo", "RAN");
        assertEquals(ExitCodes.BAD_INPUT, r.exit(), r.toString());
        assertEquals("", r.stdout());
        assertEquals("syscage: arm.yaml: a policy for aarch64, but this machine is x86_64; learn the policy on this "
                + "machine\n", r.stderr());
    }
}
