package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syscage.policy.Phase;
import dev.syscage.policy.Profile;
import dev.syscage.policy.ProfileYaml;
import dev.syscage.policy.SyscallRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a confined program can do to leave its sandbox, and that none of it works (docs/security.md). */
@Tag("kernel")
class BypassTest {
    @TempDir
    Path dir;

    /** Profiles {@code command}, then runs it under the profile with {@code call} taken out of the main phase. */
    private Syscage.Result runWithout(String call, String... command) throws Exception {
        Path file = dir.resolve("learned.yaml");
        Syscage.Result learned = Syscage.cli(dir, Syscage.concat(List.of("profile", "-o", file.toString(), "--"),
                List.of(command)));
        assertEquals(0, learned.exit(), learned.toString());
        Profile p = ProfileYaml.read(file);
        SyscallRef ref = SyscallRef.parse(call);
        assertTrue(p.phase(Phase.MAIN).contains(ref), call + " learned in main: " + p.phase(Phase.MAIN));
        assertEquals(0, Syscage.cli(dir, Syscage.concat(List.of("run", "--policy", file.toString(), "--"),
                List.of(command))).exit(), "the learned policy runs it");
        Path reduced = dir.resolve("reduced.yaml");
        ProfileYaml.write(p.withoutSyscall(Phase.MAIN, ref), reduced);
        return Syscage.cli(dir, Syscage.concat(List.of("run", "--policy", reduced.toString(), "--"), List.of(command)));
    }

    @Test
    void aMorePermissiveFilterOfTheProgramsOwnDoesNotLoosenThePolicy() throws Exception {
        Syscage.Result r = runWithout("getppid", Syscage.sample("escape").toString(), "own-filter");
        assertEquals(128 + 31, r.exit(), r.toString());
        assertTrue(r.stderr().contains("refused getppid"), r.stderr());
    }

    @Test
    void aChildExecedWithoutThePreloadOrItsVariablesStaysConfined() throws Exception {
        Syscage.Result r = runWithout("uname", Syscage.sample("escape").toString(), "clean-exec",
                Syscage.sample("myos").toString());
        assertTrue(r.stdout().startsWith("removed 3 variables"), "LD_PRELOAD, SYSCAGE_POLICY and SYSCAGE_ACTION: " + r);
        assertEquals(128 + 31, r.exit(), r.toString());
        assertTrue(r.stderr().contains("refused uname"), r.stderr());
    }

    @Test
    void aSetuidProgramRunsWithTheCallersIdsBecauseOfNoNewPrivs() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path euid = Files.copy(Syscage.sample("euid"), dir.resolve("euid"));
        Files.setAttribute(euid, "unix:mode", 04755);
        assertEquals(0, Syscage.cli(dir, "profile", "-o", "euid.yaml", "--", euid.toString()).exit());
        assertEquals(0, Syscage.cli(dir, "export", "-f", "syscage", "euid.yaml", "-o", "euid.policy").exit());
        assertEquals(0, Syscage.cli(dir, "install-native", "bin").exit());

        List<String> asNobody = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
        Syscage.Result plain = Syscage.plain(dir, Syscage.list(asNobody, euid.toString()));
        assertEquals("uid 65534 euid 0\n", plain.stdout(), "the setuid bit works outside the sandbox: " + plain);
        Syscage.Result confined = Syscage.plain(dir, Syscage.list(asNobody, dir.resolve("bin/syscage-exec").toString(),
                "--policy", dir.resolve("euid.policy").toString(), "--", euid.toString()));
        assertEquals(0, confined.exit(), confined.toString());
        assertEquals("uid 65534 euid 65534\n", confined.stdout(), "no_new_privs disarms the setuid bit");
    }
}
