package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syscage.policy.ProfileYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every filter of syscage's sets no_new_privs, under which the kernel ignores setuid and setgid bits and file
 * capabilities: a program that relies on them (ping, sudo) behaves otherwise than natively. The profile says when
 * its run executed one, and run says so of its target.
 */
@Tag("kernel")
class NoNewPrivsTest {
    @TempDir
    Path dir;

    @Test
    void theProfileAndRunNameASetuidProgram() throws Exception {
        // setuid to nobody: under root's no_new_privs it keeps euid 0, which the output shows
        Path setuid = Files.copy(Syscage.sample("euid"), dir.resolve("euid-setuid"));
        Files.setAttribute(setuid, "unix:owner", dir.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName("nobody"));
        Files.setAttribute(setuid, "unix:mode", 04755);
        Syscage.Result plain = Syscage.plain(dir, List.of(setuid.toString()));
        assertEquals("uid 0 euid 65534\n", plain.stdout(), "the setuid bit works natively: " + plain);

        Path profile = dir.resolve("euid.yaml");
        Syscage.Result profiled = Syscage.cli(dir, "profile", "-o", profile.toString(), "--", "/bin/sh", "-c",
                setuid.toString());
        assertEquals(0, profiled.exit(), profiled.toString());
        assertEquals("uid 0 euid 0\n", profiled.stdout(), "no_new_privs: the bit is ignored");
        String warnings = String.join("\n", ProfileYaml.read(profile).metadata().warnings());
        assertTrue(warnings.contains(setuid + " (setuid)") && warnings.contains("no_new_privs"), warnings);
        assertFalse(warnings.contains("/bin/dash (") || warnings.contains("/usr/bin/dash ("), "sh is no setuid program");

        Syscage.Result run = Syscage.cli(dir, "run", "--policy", profile.toString(), "--", setuid.toString());
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.stderr().contains(setuid + " is setuid (to uid 65534)") && run.stderr().contains("no_new_privs"),
                run.stderr());

        Syscage.Result plainProgram = Syscage.cli(dir, "run", "--policy", profile.toString(), "--", "/bin/sh", "-c",
                "true");
        assertFalse(plainProgram.stderr().contains("no_new_privs"), plainProgram.stderr());
    }
}
