package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher and the preload library are unpacked from the jar into $XDG_CACHE_HOME/syscage/NAME, NAME taken
 * from the checksums the native build packs beside them; a copy that differs from the jar's is replaced.
 */
class NativePartsCacheTest {
    private static final String DIR = "/native/linux-x86_64/";

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
}
