package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syscage.policy.Phase;
import dev.syscage.policy.ProfileYaml;
import dev.syscage.policy.SyscallRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --preload-only}: the preload library alone, as {@code LD_PRELOAD=libsyscage.so} confines in production. */
@Tag("kernel")
class PreloadOnlyTest {
    @TempDir
    Path dir;

    @Test
    void aStaticTargetIsRefusedWithThePointerToTheLauncher() throws Exception {
        Path policy = Syscage.learn(dir, "hello-static");
        Syscage.Result r = Syscage.cli(dir, "run", "--preload-only", "--policy", policy.toString(), "--",
                Syscage.sample("hello-static").toString());
        assertEquals(125, r.exit(), r.toString());
        assertEquals("", r.stdout(), "it did not run");
        assertTrue(r.stderr().contains("is statically linked: LD_PRELOAD never reaches it"), r.toString());
        assertTrue(r.stderr().contains("run it without --preload-only"), r.toString());
        assertEquals(1, r.stderr().lines().count(), "one line: " + r);
        // the launcher confines it
        Syscage.Result launched = Syscage.cli(dir, "run", "--policy", policy.toString(), "--",
                Syscage.sample("hello-static").toString());
        assertEquals(0, launched.exit(), launched.toString());
    }

    @Test
    void aDynamicTargetRunsConfinedFromItsMainPhase() throws Exception {
        Path policy = Syscage.learn(dir, "myos");
        String myos = Syscage.sample("myos").toString();
        Syscage.Result plain = Syscage.plain(dir, List.of(myos));
        Syscage.Result r = Syscage.cli(dir, "run", "--preload-only", "--policy", policy.toString(), "--", myos);
        assertEquals(0, r.exit(), r.toString());
        assertEquals(plain.stdout(), r.stdout());
        assertEquals("", r.stderr(), "the filter was found in place: nothing to say");

        Path reduced = dir.resolve("reduced.yaml");
        ProfileYaml.write(ProfileYaml.read(policy).withoutSyscall(Phase.MAIN, SyscallRef.parse("uname")), reduced);
        Syscage.Result refused = Syscage.cli(dir, "run", "--preload-only", "--policy", reduced.toString(), "--", myos);
        assertEquals(159, refused.exit(), refused.toString());
        assertTrue(refused.stderr().contains("refused uname"), refused.toString());
    }

    /**
     * A setuid, setgid or file-capability target run by a user it would raise: the loader runs it in secure-execution
     * mode and ignores LD_PRELOAD, so the preload library alone would leave it unconfined and privileged. Refused
     * before it runs, through a {@code #!} script too.
     */
    @Test
    void aTargetThatWouldGainPrivilegesIsRefusedBeforeItRuns() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path policy = Syscage.learn(dir, "euid");
        Files.setPosixFilePermissions(policy, PosixFilePermissions.fromString("rw-r--r--"));
        Path setuid = Files.copy(Syscage.sample("euid"), dir.resolve("euid-setuid"));
        Files.setAttribute(setuid, "unix:mode", 04755);
        Path setgid = Files.copy(Syscage.sample("euid"), dir.resolve("euid-setgid"));
        Files.setAttribute(setgid, "unix:mode", 02755);
        Path capable = Files.copy(Syscage.sample("euid"), dir.resolve("euid-cap"));
        Syscage.Result setcap = Syscage.plain(dir, List.of("setcap", "cap_net_raw+ep", capable.toString()));
        assertEquals(0, setcap.exit(), "setcap (Debian's libcap2-bin): " + setcap);
        Path script = dir.resolve("script");
        Files.writeString(script, "#!" + setuid + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path cache = Files.createDirectory(dir.resolve("cache"));
        Files.setAttribute(cache, "unix:uid", 65534);

        Syscage.Result plain = Syscage.plain(dir, Syscage.list(Syscage.AS_NOBODY, setuid.toString()));
        assertEquals("uid 65534 euid 0\n", plain.stdout(), "the setuid bit works for nobody: " + plain);
        for (Path target : List.of(setuid, setgid, capable, script)) {
            Syscage.Result r = Syscage.cliAsNobody(dir, cache, List.of(), "run", "--preload-only", "--policy",
                    policy.toString(), "--", target.toString());
            assertEquals(125, r.exit(), target + ": " + r);
            assertEquals("", r.stdout(), "it did not run: " + r);
            String why = target == setgid ? " is setgid" : target == capable ? " has file capabilities" : " is setuid";
            assertTrue(r.stderr().contains(why) && r.stderr().contains("run it without --preload-only"), r.toString());
            assertEquals(1, r.stderr().lines().count(), "one line: " + r);
        }
        // the launcher's no_new_privs disarms the bits: run without --preload-only confines it at nobody's ids
        Syscage.Result launched = Syscage.cliAsNobody(dir, cache, List.of(), "run", "--policy", policy.toString(), "--",
                setuid.toString());
        assertEquals(0, launched.exit(), launched.toString());
        assertEquals("uid 65534 euid 65534\n", launched.stdout());
    }
}
