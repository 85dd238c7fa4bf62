package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syscage.policy.Phase;
import dev.syscage.policy.Profile;
import dev.syscage.policy.ProfileYaml;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The product's loop on every sample, against the real kernel: profile, then run confined by the profile. */
@Tag("kernel")
class ProfileAndEnforceTest {
    @TempDir
    Path dir;

    static Stream<Arguments> programs() {
        return Stream.of(
                Arguments.of("helloworld", List.of(Syscage.sample("helloworld").toString())),
                Arguments.of("myos", List.of(Syscage.sample("myos").toString())),
                Arguments.of("threads", List.of(Syscage.sample("threads").toString())),
                Arguments.of("forkexec", List.of(Syscage.sample("forkexec").toString())),
                Arguments.of("hello-static", List.of(Syscage.sample("hello-static").toString())),
                Arguments.of("server", List.of(Syscage.sample("server").toString(),
                        Syscage.SAMPLES.resolve("server.conf").toString())),
                Arguments.of("spawn", List.of(Syscage.sample("spawn").toString())),
                Arguments.of("pipeline", List.of("/bin/bash", "-c",
                        "echo one two three | tr a-z A-Z | wc -w; ls / | sort -r | head -1 >/dev/null")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void learnedPolicyRunsTheProgramUnchanged(String name, List<String> command) throws Exception {
        Syscage.Result plain = Syscage.plain(dir, command);
        assertEquals(0, plain.exit(), plain.toString());

        Path profileFile = dir.resolve(name + ".yaml");
        Syscage.Result profiled = Syscage.cli(dir, Syscage.concat(List.of("profile", "-o", profileFile.toString(), "--"),
                command));
        assertEquals(0, profiled.exit(), profiled.toString());
        assertEquals(plain.stdout(), profiled.stdout(), "profiling must not change the program's output");

        Profile profile = ProfileYaml.read(profileFile);
        assertEquals("netlink", profile.metadata().source());
        assertEquals(0, profile.metadata().lost());
        assertTrue(profile.metadata().complete(), profile.metadata().warnings().toString());
        assertFalse(profile.all().isEmpty());
        System.out.printf("%s: init %d, main %d, init ∪ main %d%n", name, profile.phase(Phase.INIT).size(),
                profile.phase(Phase.MAIN).size(), profile.all().size());

        Syscage.Result confined = Syscage.cli(dir, Syscage.concat(List.of("run", "--policy", profileFile.toString(), "--"),
                command));
        assertEquals(0, confined.exit(), confined.toString());
        assertEquals(plain.stdout(), confined.stdout());
        assertFalse(confined.stderr().contains("refused"), confined.stderr());
    }
}
