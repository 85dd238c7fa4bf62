package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syscage.policy.Phase;
import dev.syscage.policy.ProfileYaml;
import dev.syscage.policy.SyscallRef;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --preload-only}: the preload library alone, as {@code LD_PRELOAD=libsyscage.so} confines in production. */
class PreloadOnlyTest {
    @TempDir
    Path dir;

    private Path learn(String sample) throws Exception {
        Path file = dir.resolve(sample + ".yaml");
        Syscage.Result r = Syscage.cli(dir, "profile", "-o", file.toString(), "--", Syscage.sample(sample).toString());
        assertEquals(0, r.exit(), r.toString());
        return file;
    }

    @Test
    void aStaticTargetIsRefusedWithThePointerToTheLauncher() throws Exception {
        Path policy = learn("hello-static");
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
        Path policy = learn("myos");
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
}
