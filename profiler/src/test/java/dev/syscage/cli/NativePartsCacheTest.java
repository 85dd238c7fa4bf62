package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher and the preload library are unpacked from the jar into $XDG_CACHE_HOME/syscage/NAME, NAME taken
 * from the checksums the native build packs beside them; a copy that differs from the jar's is replaced.
 */
class NativePartsCacheTest {
    private static final String DIR = "/native/linux-" + System.getProperty("os.arch") + "/";

    @TempDir
    Path dir;

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = NativePartsCacheTest.class.getResourceAsStream(DIR + name)) {
            return in.readAllBytes();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private Syscage.Result installNative(Path cache) throws Exception {
        return Syscage.cliVia(List.of("env", "XDG_CACHE_HOME=" + cache), dir, "install-native",
                dir.resolve("out").toString());
    }

    @Test
    void thePackedChecksumsAreThePartsAndNameTheirDirectory() throws Exception {
        String sums = new String(resource("parts.sha256"), StandardCharsets.US_ASCII);
        String exec = sha256(resource("syscage-exec"));
        String preload = sha256(resource("libsyscage.so"));
        assertEquals(preload + "  libsyscage.so\n" + exec + "  syscage-exec\n", sums);

        Path cache = dir.resolve("cache");
        Syscage.Result r = installNative(cache);
        assertEquals(0, r.exit(), r.toString());
        Path unpacked = cache.resolve("syscage").resolve(preload.substring(0, 8) + exec.substring(0, 8));
        assertArrayEquals(resource("syscage-exec"), Files.readAllBytes(unpacked.resolve("syscage-exec")));
        assertArrayEquals(resource("libsyscage.so"), Files.readAllBytes(unpacked.resolve("libsyscage.so")));
    }

    @Test
    void aCopyThatDiffersFromTheJarsIsReplaced() throws Exception {
        Path cache = dir.resolve("cache");
        assertEquals(0, installNative(cache).exit());
        Path unpacked;
        try (var dirs = Files.list(cache.resolve("syscage"))) {
            unpacked = dirs.findFirst().orElseThrow();
        }
        Files.write(unpacked.resolve("libsyscage.so"), new byte[] {0x7f, 'E', 'L', 'F'});
        Syscage.Result r = installNative(cache);
        assertEquals(0, r.exit(), r.toString());
        assertArrayEquals(resource("libsyscage.so"), Files.readAllBytes(unpacked.resolve("libsyscage.so")));
    }

    private String partsName() throws Exception {
        return sha256(resource("libsyscage.so")).substring(0, 8) + sha256(resource("syscage-exec")).substring(0, 8);
    }

    /** Root never runs native code from a directory that another user could change (their XDG_CACHE_HOME). */
    @Tag("kernel")
    @Test
    void rootRefusesACacheThatAnotherUserOwns() throws Exception {
        Path cache = Files.createDirectory(dir.resolve("theirs"));
        Files.setAttribute(cache, "unix:uid", 65534);
        Syscage.Result r = Syscage.cliVia(List.of("env", "XDG_CACHE_HOME=" + cache), dir, "run", "--policy",
                policy().toString(), "--", "/bin/echo", "RAN");
        assertEquals(125, r.exit(), r.toString());
        assertEquals("", r.stdout(), "nothing ran");
        assertTrue(r.stderr().startsWith("syscage: cannot use " + cache.resolve("syscage")), r.toString());
        assertTrue(r.stderr().contains(cache + " belongs to uid 65534"), r.toString());
        assertEquals(1, r.stderr().lines().count(), r.toString());
        assertFalse(Files.exists(cache.resolve("JNA")), "JNA's native library was not unpacked there either");
    }

    @Test
    void aCacheUnderADirectoryOthersCanWriteIsRefused() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setAttribute(shared, "unix:mode", 0777);
        Syscage.Result r = installNative(shared.resolve("cache"));
        assertEquals(125, r.exit(), r.toString());
        assertTrue(r.stderr().contains(shared + " is writable by group or others (mode 0777)"), r.toString());
    }

    /**
     * Root's parts are in /var/cache/syscage, root's and 0755: only root can change them, and every user a run may
     * become (a service that drops its privileges) can read them, unlike root's private ~/.cache (issue 15).
     */
    @Tag("kernel")
    @Test
    void rootsCacheIsWritableByRootAndReadableByEveryone() throws Exception {
        Syscage.Result r = Syscage.cliVia(List.of("env", "-u", "XDG_CACHE_HOME"), dir, "install-native",
                dir.resolve("out").toString());
        assertEquals(0, r.exit(), r.toString());
        Path parts = Path.of("/var/cache/syscage", partsName());
        for (Path p : List.of(parts.getParent(), parts, parts.resolve("syscage-exec"), parts.resolve("libsyscage.so"))) {
            assertEquals(0, Files.getAttribute(p, "unix:uid"), p.toString());
            assertEquals(0755, (Integer) Files.getAttribute(p, "unix:mode") & 07777, p.toString());
        }
        Syscage.Result read = Syscage.plain(dir, Syscage.list(Syscage.AS_NOBODY, "sh", "-c", "cat \"$0\" > /dev/null",
                parts.resolve("libsyscage.so").toString()));
        assertEquals(0, read.exit(), read.stderr());
    }

    /** Other users keep a cache of their own, checked the same way. */
    @Tag("kernel")
    @Test
    void aUserRunsFromTheirOwnCacheAndNotFromOneThatIsNotTheirs() throws Exception {
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path policy = policy();
        Path own = Files.createDirectory(dir.resolve("own"));
        Files.setAttribute(own, "unix:uid", 65534);
        Syscage.Result r = Syscage.cliAsNobody(dir, own, List.of(), "run", "--policy", policy.toString(), "--",
                "/bin/echo", "RAN");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("RAN\n", r.stdout());
        assertEquals(65534, Files.getAttribute(own.resolve("syscage").resolve(partsName()), "unix:uid"));

        Path roots = Files.createDirectory(dir.resolve("roots"));
        Files.setAttribute(roots, "unix:mode", 0757);
        Syscage.Result refused = Syscage.cliAsNobody(dir, roots, List.of(), "run", "--policy", policy.toString(), "--",
                "/bin/echo", "RAN");
        assertEquals(125, refused.exit(), refused.toString());
        assertTrue(refused.stderr().contains(roots + " is writable by group or others"), refused.toString());
    }

    /**
     * A user's cache follows $HOME before the password file, and a user whose home does not exist (nobody's is
     * /nonexistent) runs from $XDG_RUNTIME_DIR, or gets one line saying what to set.
     */
    @Tag("kernel")
    @Test
    void aUsersCacheFollowsHomeOrTheRuntimeDirectory() throws Exception {
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path policy = policy();
        Path home = Files.createDirectory(dir.resolve("home"));
        Files.setAttribute(home, "unix:uid", 65534);
        Syscage.Result r = Syscage.cliAsNobody(dir, home, List.of("env", "-u", "XDG_CACHE_HOME", "HOME=" + home), "run",
                "--policy", policy.toString(), "--", "/bin/echo", "RAN");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(Files.isDirectory(home.resolve(".cache/syscage").resolve(partsName())), "unpacked under $HOME");

        Path runtime = Files.createDirectory(dir.resolve("runtime"));
        Files.setAttribute(runtime, "unix:uid", 65534);
        Files.setPosixFilePermissions(runtime, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Syscage.Result noHome = Syscage.cliAsNobody(dir, home, List.of("env", "-u", "XDG_CACHE_HOME",
                "HOME=/nonexistent", "XDG_RUNTIME_DIR=" + runtime), "run", "--policy", policy.toString(), "--",
                "/bin/echo", "RAN");
        assertEquals(0, noHome.exit(), noHome.toString());
        assertEquals("RAN\n", noHome.stdout());
        assertTrue(Files.isDirectory(runtime.resolve("cache/syscage").resolve(partsName())), "unpacked in the runtime dir");

        Syscage.Result nowhere = Syscage.cliAsNobody(dir, home, List.of("env", "-u", "XDG_CACHE_HOME", "-u",
                "XDG_RUNTIME_DIR", "HOME=/nonexistent"), "run", "--policy", policy.toString(), "--", "/bin/echo", "RAN");
        assertEquals(125, nowhere.exit(), nowhere.toString());
        assertEquals(1, nowhere.stderr().lines().count(), nowhere.toString());
        assertTrue(nowhere.stderr().contains("XDG_CACHE_HOME"), nowhere.toString());
    }

    /** A policy that lets /bin/echo run (nothing refused under the action log is needed: it is learned). */
    private Path policy() throws Exception {
        Path file = dir.resolve("echo.yaml");
        Syscage.Result r = Syscage.cli(dir, "profile", "-o", file.toString(), "--", "/bin/echo", "RAN");
        assertEquals(0, r.exit(), r.toString());
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        return file;
    }
}
