package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syscage.policy.Phase;
import dev.syscage.policy.Profile;
import dev.syscage.policy.ProfileYaml;
import dev.syscage.policy.SyscallRef;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls through other ABIs and calls libseccomp has no name for are learned as such and enforced:
 * a getpid policy does not admit i386 or x32 getpid, and 462 is kept by number.
 */
class AbiTest {
    @TempDir
    Path dir;

    @Test
    void otherAbisAndUnknownNumbersAreLearnedAndEnforced() throws Exception {
        String abis = Syscage.sample("abis").toString();
        Syscage.Result plain = Syscage.plain(dir, List.of(abis));
        Path file = dir.resolve("abis.yaml");
        Syscage.Result profiled = Syscage.cli(dir, "profile", "-o", file.toString(), "--", abis);
        assertEquals(0, profiled.exit(), profiled.toString());
        Profile p = ProfileYaml.read(file);
        for (String call : new String[] {"getpid", "x86:getpid", "x32:getpid", "462"}) {
            assertTrue(p.phase(Phase.MAIN).contains(SyscallRef.parse(call)), call + " in " + p.phase(Phase.MAIN));
        }

        Syscage.Result confined = Syscage.cli(dir, "run", "--policy", file.toString(), "--", abis);
        assertEquals(0, confined.exit(), confined.toString());
        assertEquals(plain.stdout(), confined.stdout());

        for (String call : new String[] {"x86:getpid", "x32:getpid", "462"}) {
            Path without = dir.resolve("without.yaml");
            ProfileYaml.write(p.withoutSyscall(Phase.MAIN, SyscallRef.parse(call)), without);
            Syscage.Result r = Syscage.cli(dir, "run", "--policy", without.toString(), "--", abis);
            assertEquals(128 + 31, r.exit(), call + ": " + r);
            assertTrue(r.stderr().contains("refused " + call + " (kill_process)"), r.stderr());
        }
    }
}
