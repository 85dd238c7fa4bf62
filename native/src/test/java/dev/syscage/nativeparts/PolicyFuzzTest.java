package dev.syscage.nativeparts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The C policy parser under libFuzzer with AddressSanitizer and UndefinedBehaviorSanitizer: every build replays
 * the saved inputs (src/test/fuzz/corpus); {@code -Pfuzz} (system property syscage.fuzz) adds a bounded run of new
 * ones. Any crash, leak or undefined behaviour fails the build. The long run is a documented command
 * (docs/testing.md, "Fuzzing").
 */
class PolicyFuzzTest {
    private static final Path NATIVE = NativeRun.BUILD.getParent();
    private static final boolean FUZZ = Boolean.getBoolean("syscage.fuzz");
    /** New inputs to try: none when only replaying (libFuzzer still runs every saved input first). */
    private static final String RUNS = FUZZ ? "1000000" : "0";

    @TempDir
    Path corpus;

    @Test
    void policyParserSurvivesABoundedFuzzingRun() throws Exception {
        Process make = new ProcessBuilder("make", "-s", "--no-print-directory", "-C", NATIVE.toString(), "fuzz")
                .redirectErrorStream(true).start();
        String built = new String(make.getInputStream().readAllBytes());
        assertEquals(0, make.waitFor(), "make fuzz failed (needs clang and libclang-rt-14-dev):\n" + built);

        // A copy: libFuzzer adds what it finds to the corpus directory it is given.
        try (var seeds = Files.list(NATIVE.resolve("src/test/fuzz/corpus"))) {
            for (Path seed : seeds.toList()) Files.copy(seed, corpus.resolve(seed.getFileName()));
        }
        Path log = corpus.resolveSibling(corpus.getFileName() + ".log");
        Process fuzz = new ProcessBuilder(NativeRun.BUILD.resolve("fuzz/policy_fuzz").toString(), "-runs=" + RUNS,
                "-seed=1", "-max_len=4096", corpus.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(fuzz.waitFor(10, TimeUnit.MINUTES), "the bounded fuzzing run did not finish");
        String output = Files.readString(log);
        assertEquals(0, fuzz.exitValue(), "the fuzzer found a problem:\n" + output);
        assertTrue(output.contains("INITED"), "the saved inputs were not all run:\n" + output);
        if (FUZZ) assertTrue(output.contains("Done " + RUNS + " runs"), output);
    }
}
