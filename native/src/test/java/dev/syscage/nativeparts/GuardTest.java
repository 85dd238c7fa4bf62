package dev.syscage.nativeparts;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code syscage-exec --guard CGROUP}: kills the cgroup's processes when its input ends without syscage's word. */
@Tag("kernel")
class GuardTest {
    /** A new cgroup v2 beside this test's own, or none (the test is then skipped, saying why). */
    private static Path cgroup() throws IOException {
        String own = null;
        for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
            if (line.startsWith("0::")) own = line.substring(3);
        }
        Path mount = null;
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] halves = line.split(" - ", 2);
            if (halves.length == 2 && halves[1].startsWith("cgroup2 ") && halves[0].split(" ")[3].equals("/")) {
                mount = Path.of(halves[0].split(" ")[4]);
            }
        }
        Assumptions.assumeTrue(own != null && mount != null, "no cgroup v2 here");
        Path dir = mount.resolve(own.substring(1)).resolve("syscage-guardtest-" + ThreadLocalRandom.current()
                .nextInt(1 << 30));
        Files.createDirectory(dir);
        return dir;
    }

    /** A sleep in {@code cgroup}, moved there before it runs sleep (sh writes its own pid, then execs). */
    private static Process sleeper(Path cgroup) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "echo $$ > " + cgroup.resolve("cgroup.procs") + " && exec sleep 300")
                .start();
        for (int i = 0; i < 500 && Files.readString(cgroup.resolve("cgroup.procs")).isBlank(); i++) Thread.sleep(10);
        assertFalse(Files.readString(cgroup.resolve("cgroup.procs")).isBlank(), "the sleep is in the cgroup");
        return p;
    }

    private static Process guard(Path cgroup) throws IOException {
        return new ProcessBuilder(NativeRun.LAUNCHER.toString(), "--guard", cgroup.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    @Test
    void theEndOfItsInputKillsTheCgroupAndRemovesIt() throws Exception {
        Path cgroup = cgroup();
        Process sleep = sleeper(cgroup);
        Process guard = guard(cgroup);
        guard.getOutputStream().close();
        assertTrue(sleep.waitFor(10, TimeUnit.SECONDS), "the cgroup's process was killed");
        assertTrue(guard.waitFor(10, TimeUnit.SECONDS));
        assertFalse(Files.exists(cgroup), "the cgroup was removed");
    }

    @Test
    void syscagesWordSparesTheCgroupWhichGoesOnceEmpty() throws Exception {
        Path cgroup = cgroup();
        Process sleep = sleeper(cgroup);
        Process guard = guard(cgroup);
        try (OutputStream in = guard.getOutputStream()) {
            in.write("release\n".getBytes(StandardCharsets.US_ASCII));
        }
        assertFalse(sleep.waitFor(1, TimeUnit.SECONDS), "released: nothing killed");
        assertTrue(guard.isAlive(), "the guard waits for the cgroup to empty");
        sleep.destroyForcibly().waitFor();
        assertTrue(guard.waitFor(10, TimeUnit.SECONDS), "then it ends");
        assertFalse(Files.exists(cgroup), "and removes the cgroup");
    }
}
