package dev.syscage.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /proc check of the filters a confined target carries, on real processes. */
class ConfinementTest {
    private static final Path LAUNCHER = Path.of("../native/build/syscage-exec").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private Path emptyPolicy() throws Exception {
        Path p = dir.resolve("empty.policy");
        java.nio.file.Files.writeString(p, "syscage-policy 1\narch x86_64\n");
        return p;
    }

    private record Checked(Process process, List<String> said, Confinement check) {
    }

    private static Checked watch(List<String> argv, boolean launcher, boolean preload) throws Exception {
        return watch(argv, launcher, preload, launcher ? null : pid -> false);
    }

    private static Checked watch(List<String> argv, boolean launcher, boolean preload, LongPredicate ranPreload)
            throws Exception {
        List<String> said = new ArrayList<>();
        Confinement check = new Confinement(FilterCheck.inherited(), launcher, preload, ranPreload, w -> {
            synchronized (said) {
                said.add(w);
            }
        });
        Process p = new ProcessBuilder(argv).start();
        check.watch(p.toHandle());
        check.join();
        return new Checked(p, said, check);
    }

    @Test
    void aTargetWithoutAnyFilterOfOursIsKilled() throws Exception {
        Checked c = watch(List.of("sleep", "30"), false, true);
        assertTrue(c.process().waitFor(5, TimeUnit.SECONDS), "killed");
        assertEquals(137, c.process().exitValue());
        assertTrue(c.check().killed().contains("ran without syscage's seccomp filter"), c.said().toString());
    }

    @Test
    void aTargetWithTheLaunchersFilterButNotThePreloadsIsNamed() throws Exception {
        Checked c = watch(List.of(LAUNCHER.toString(), "--policy", emptyPolicy().toString(), "--action", "log",
                "--no-preload", "--", "sleep", "7"), true, true);
        try {
            assertNull(c.check().killed(), "still confined by the launcher's filter: not killed");
            assertEquals(1, c.said().size(), c.said().toString());
            assertTrue(c.said().get(0).contains("carries 1 of syscage's 2 seccomp filters"), c.said().toString());
            assertTrue(c.process().isAlive());
        } finally {
            c.process().destroyForcibly();
        }
    }

    @Test
    void aFullyConfinedTargetIsLeftAlone() throws Exception {
        Checked c = watch(List.of(LAUNCHER.toString(), "--policy", emptyPolicy().toString(), "--action", "log",
                "--no-preload", "--", "sleep", "1"), true, false);
        assertEquals(List.of(), c.said());
        assertTrue(c.process().waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, c.process().exitValue());
    }

    /**
     * Without the launcher, a target that exits before the check sees it (however short its life) is not taken as
     * confined: unless the preload library said it ran in that process, the run failed.
     */
    @Test
    void aShortLivedTargetThatThePreloadNeverReachedIsCaught() throws Exception {
        Checked c = watch(List.of("/bin/true"), false, true, pid -> false);
        assertTrue(c.process().waitFor(5, TimeUnit.SECONDS));
        assertTrue(c.check().killed() != null && c.check().killed().contains("the preload library never ran in it"),
                c.said().toString());
    }

    @Test
    void aShortLivedTargetInWhichThePreloadRanIsLeftAlone() throws Exception {
        Checked c = watch(List.of("/bin/true"), false, true, pid -> true);
        assertTrue(c.process().waitFor(5, TimeUnit.SECONDS));
        assertNull(c.check().killed(), c.said().toString());
        assertEquals(List.of(), c.said());
    }
}
