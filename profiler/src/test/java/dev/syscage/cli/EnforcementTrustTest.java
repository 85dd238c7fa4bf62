package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14's enforcement items: a sandbox asked for is always there, for every process of the run. */
class EnforcementTrustTest {
    @TempDir
    Path dir;

    private Path learn(String sample) throws Exception {
        Path file = dir.resolve(sample + ".yaml");
        Syscage.Result r = Syscage.cli(dir, "profile", "-o", file.toString(), "--", Syscage.sample(sample).toString());
        assertEquals(0, r.exit(), r.toString());
        return file;
    }

    /**
     * A process of the run that executes a program after the target exited and syscage ended (a daemon) still finds
     * the policy: the preload library in the new program reads it again.
     */
    @Test
    void aChildThatExecutesAfterTheRunEndedStillFindsThePolicy() throws Exception {
        Path policy = learn("myos");
        Path go = dir.resolve("go");
        Path out = dir.resolve("late.txt");
        // the child waits until syscage has exited, then executes a program that the preload library confines
        String script = "(while [ ! -e " + go + " ]; do sleep 0.05; done; exec /bin/echo late > " + out + " 2> "
                + dir.resolve("late.err") + ") &";
        Syscage.Result r = Syscage.cli(dir, "run", "--action", "log", "--policy", policy.toString(), "--", "/bin/sh",
                "-c", script);
        assertEquals(0, r.exit(), r.toString());
        Files.writeString(go, "");
        for (int i = 0; i < 500 && !(Files.exists(out) && Files.size(out) > 0); i++) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        assertEquals("late\n", Files.readString(out),
                "the late exec ran under its policy: " + (Files.exists(dir.resolve("late.err"))
                        ? Files.readString(dir.resolve("late.err")) : ""));
    }
}
