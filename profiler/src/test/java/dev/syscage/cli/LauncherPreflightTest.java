package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Native code that cannot run, because the cache directory it is unpacked into (XDG_CACHE_HOME) is on a
 * {@code noexec} mount, as on a hardened /home or /tmp: one clear line and exit 125, before anything is started.
 * syscage's launcher and libsyscage.so are unpacked into {@code $XDG_CACHE_HOME/syscage}, JNA's own native
 * library into {@code $XDG_CACHE_HOME/JNA}; before a run syscage starts the launcher once ({@code --help}).
 */
@Tag("kernel")
class LauncherPreflightTest {
    @TempDir
    Path dir;
    private Path cache;
    private Path noexec;

    @BeforeEach
    void cache() throws Exception {
        cache = Files.createDirectory(dir.resolve("cache"));
    }

    private void noexec(Path where) throws Exception {
        Files.createDirectories(where);
        Syscage.Result mount = Syscage.plain(dir, List.of("mount", "-t", "tmpfs", "-o", "noexec,size=16m,mode=0755", "tmpfs",
                where.toString()));
        assertEquals(0, mount.exit(), mount.toString());
        noexec = where;
    }

    @AfterEach
    void unmount() throws Exception {
        if (noexec != null) Syscage.plain(dir, List.of("umount", noexec.toString()));
    }

    private Syscage.Result syscage(String... args) throws Exception {
        return Syscage.cliVia(List.of("env", "XDG_CACHE_HOME=" + cache), dir, args);
    }

    private static void assertOneClearLine(Syscage.Result r, String start, String fix) {
        assertEquals(125, r.exit(), r.toString());
        assertEquals(1, r.stderr().lines().count(), "one line: " + r);
        assertTrue(r.stderr().startsWith(start), r.toString());
        assertTrue(r.stderr().contains(fix), r.toString());
        assertEquals("", r.stdout(), "the target never ran: " + r);
    }

    private Path learnMyos() throws Exception {
        Path policy = dir.resolve("myos.yaml");
        Syscage.Result learned = Syscage.cli(dir, "profile", "-o", policy.toString(), "--",
                Syscage.sample("myos").toString());
        assertEquals(0, learned.exit(), learned.toString());
        return policy;
    }

    @Test
    void aLauncherThatCannotRunStopsProfileAndRunBeforeStartingAnything() throws Exception {
        Path policy = learnMyos();
        noexec(cache.resolve("syscage"));
        Path out = dir.resolve("p.yaml");
        String fix = "noexec mount, set XDG_CACHE_HOME to a directory where programs may run";
        assertOneClearLine(syscage("profile", "-o", out.toString(), "--", Syscage.sample("myos").toString()),
                "syscage: cannot run the launcher " + cache.resolve("syscage"), fix);
        assertFalse(Files.exists(out), "no profile of a run that never started");
        assertOneClearLine(syscage("run", "--policy", policy.toString(), "--", Syscage.sample("myos").toString()),
                "syscage: cannot run the launcher " + cache.resolve("syscage"), fix);
    }

    @Test
    void jnaThatCannotLoadIsOneLineForEveryCommandThatNeedsIt() throws Exception {
        Path policy = learnMyos();
        noexec(cache);
        String start = "syscage: JNA cannot load its native library from " + cache.resolve("JNA/temp");
        String fix = "set XDG_CACHE_HOME to a directory where programs may run";
        assertOneClearLine(syscage("profile", "-o", dir.resolve("p.yaml").toString(), "--",
                Syscage.sample("myos").toString()), start, fix);
        assertOneClearLine(syscage("run", "--policy", policy.toString(), "--", Syscage.sample("myos").toString()),
                start, fix);
        assertOneClearLine(syscage("parse", "-o", dir.resolve("q.yaml").toString(),
                Path.of("src/test/resources/audit-samples/auditd-raw.log").toAbsolutePath().toString()), start, fix);
    }

    @Test
    void theSameCommandsRunWithAnExecutableCache() throws Exception {
        Path out = dir.resolve("p.yaml");
        Syscage.Result r = Syscage.cliVia(List.of("env", "XDG_CACHE_HOME=" + dir.resolve("cache")), dir, "profile",
                "-o", out.toString(), "--", Syscage.sample("myos").toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(Files.exists(out), r.toString());
    }
}
