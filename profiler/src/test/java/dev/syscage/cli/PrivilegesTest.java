package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each command does without the privileges it wants, and with a policy it cannot apply here. */
@Tag("kernel")
class PrivilegesTest {
    /** Root without CAP_AUDIT_READ: it cannot be regained, since it is gone from the bounding set. */
    private static final List<String> NO_AUDIT_READ = List.of("setpriv", "--bounding-set=-audit_read",
            "--inh-caps=-audit_read");

    /** Root without CAP_AUDIT_CONTROL: it reads the audit stream, but neither the kernel's lost counter nor its rules. */
    private static final List<String> NO_AUDIT_CONTROL = List.of("setpriv", "--bounding-set=-audit_control",
            "--inh-caps=-audit_control");

    @TempDir
    Path dir;

    /**
     * Records the kernel drops at its backlog limit take no serial: only its lost counter (AUDIT_GET) shows them,
     * and exclude rules only its rule list; both need CAP_AUDIT_CONTROL. Without it the profile cannot claim to be
     * complete: not-verifiable, exit 122 unless --allow-incomplete.
     */
    @Test
    void profileWithoutAuditControlDoesNotClaimCompleteness() throws Exception {
        String myos = Syscage.sample("myos").toString();
        Syscage.Result r = Syscage.cliVia(NO_AUDIT_CONTROL, dir, "profile", "-o", "x.yaml", "--", myos);
        assertEquals(ExitCodes.INCOMPLETE, r.exit(), r.toString());
        assertEquals("My OS is Linux!\n", r.stdout());
        assertTrue(r.stderr().contains("not-verifiable 2") && r.stderr().contains("CAP_AUDIT_CONTROL")
                && r.stderr().contains("backlog limit"), r.stderr());
        assertFalse(r.stderr().contains("\tat "), r.stderr());
        var metadata = dev.syscage.policy.ProfileYaml.read(dir.resolve("x.yaml")).metadata();
        assertFalse(metadata.complete());
        assertEquals(0, metadata.lost(), "nothing is known lost: it cannot be ruled out");
        Syscage.Result accepted = Syscage.cliVia(NO_AUDIT_CONTROL, dir, "profile", "--allow-incomplete", "-o", "y.yaml",
                "--", myos);
        assertEquals(0, accepted.exit(), accepted.toString());
    }

    @Test
    void profileWithoutAuditReadNamesTheCapabilityAndDoesNotRunTheTarget() throws Exception {
        Syscage.Result r = Syscage.cliVia(NO_AUDIT_READ, dir, "profile", "-o", "x.yaml", "--",
                Syscage.sample("myos").toString());
        assertEquals(ExitCodes.SETUP_FAILED, r.exit(), r.toString());
        assertEquals("", r.stdout(), "the target must not run unobserved");
        assertTrue(r.stderr().contains("CAP_AUDIT_READ"), r.stderr());
        assertFalse(r.stderr().contains("setcap"), "no capability for every Java program on the host: " + r.stderr());
        assertEquals(1, r.stderr().lines().count(), r.stderr());
        assertFalse(Files.exists(dir.resolve("x.yaml")));
    }

    @Test
    void doctorWithoutAuditControlSaysProfilesCannotBeComplete() throws Exception {
        Syscage.Result r = Syscage.cliVia(NO_AUDIT_CONTROL, dir, "doctor");
        assertEquals(ExitCodes.CHECK_FAILED, r.exit(), r.toString());
        assertTrue(r.stdout().lines().filter(l -> l.startsWith("FAIL  audit:") && l.contains("CAP_AUDIT_CONTROL")
                && l.contains("not-verifiable")).count() == 2, r.stdout());
        assertFalse(r.stdout().contains("setcap"), r.stdout());
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
