package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.syscage.policy.Phase;
import dev.syscage.policy.Profile;
import dev.syscage.policy.ProfileYaml;
import dev.syscage.policy.SyscallRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls through other ABIs and calls libseccomp has no name for are learned as such and enforced:
 * a getpid policy does not admit i386 or x32 getpid, and 462 is kept by number. The i386 part is skipped, with the
 * reason, on a kernel that faults on int 0x80.
 */
@Tag("kernel")
class AbiTest {
    @TempDir
    Path dir;

    @Test
    void x32AndUnknownNumbersAreLearnedAndEnforced() throws Exception {
        learnedAndEnforced(List.of("--no-i386"), "x32:getpid", "462");
    }

    @Test
    void i386IsLearnedAndEnforced() throws Exception {
        // Whether i386 calls reach seccomp here: a kernel without IA32 emulation faults on int 0x80 (SIGSEGV).
        Syscage.Result unconfined = Syscage.plain(dir, List.of(Syscage.sample("abis").toString()));
        assumeTrue(unconfined.exit() == 0, "this kernel faults on int 0x80 (IA32 emulation off): i386 calls never reach seccomp");
        learnedAndEnforced(List.of(), "x86:getpid", "x32:getpid", "462");
    }

    private void learnedAndEnforced(List<String> args, String... others) throws Exception {
        List<String> abis = new ArrayList<>(List.of(Syscage.sample("abis").toString()));
        abis.addAll(args);
        Syscage.Result plain = Syscage.plain(dir, abis);
        assertEquals(0, plain.exit(), plain.toString());
        Path file = dir.resolve("abis.yaml");
        List<String> profile = new ArrayList<>(List.of("profile", "-o", file.toString(), "--"));
        profile.addAll(abis);
        Syscage.Result profiled = Syscage.cli(dir, profile.toArray(String[]::new));
        assertEquals(0, profiled.exit(), profiled.toString());
        Profile p = ProfileYaml.read(file);
        List<String> learned = new ArrayList<>(List.of(others));
        learned.add("getpid");
        for (String call : learned) {
            assertTrue(p.phase(Phase.MAIN).contains(SyscallRef.parse(call)), call + " in " + p.phase(Phase.MAIN));
        }

        Syscage.Result confined = Syscage.cli(dir, run(file, abis));
        assertEquals(0, confined.exit(), confined.toString());
        assertEquals(plain.stdout(), confined.stdout());

        for (String call : others) {
            Path without = dir.resolve("without.yaml");
            ProfileYaml.write(p.withoutSyscall(Phase.MAIN, SyscallRef.parse(call)), without);
            Syscage.Result r = Syscage.cli(dir, run(without, abis));
            assertEquals(128 + 31, r.exit(), call + ": " + r);
            assertTrue(r.stderr().contains("refused " + call + " (kill_process)"), r.stderr());
        }
    }

    private static String[] run(Path policy, List<String> command) {
        List<String> argv = new ArrayList<>(List.of("run", "--policy", policy.toString(), "--"));
        argv.addAll(command);
        return argv.toArray(String[]::new);
    }
}
