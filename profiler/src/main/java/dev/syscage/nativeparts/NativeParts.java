package dev.syscage.nativeparts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the launcher and the preload library are on disk. The jar carries them; LD_PRELOAD and
 * execve need files, so they are unpacked to a per-user cache directory named after their content.
 */
public record NativeParts(Path directory) {
    private static final String RESOURCE_DIR = "/native/linux-x86_64/";
    /** The parts' checksums, written by the native build. */
    static final String CHECKSUMS = "parts.sha256";

    public Path launcher() {
        return directory.resolve(NativeContract.LAUNCHER);
    }

    public Path preload() {
        return directory.resolve(NativeContract.PRELOAD);
    }

    /** The parts from the jar, unpacked into the cache when not there yet (or not intact). */
    public static NativeParts unpack() {
        Map<String, byte[]> files = new TreeMap<>();
        for (String name : new String[] {NativeContract.LAUNCHER, NativeContract.PRELOAD}) {
            files.put(name, resource(name));
        }
        Path dir = cacheRoot().resolve(name(new String(resource(CHECKSUMS), StandardCharsets.US_ASCII)));
        try {
            if (!intact(dir, files)) install(dir, files);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the native parts to " + dir + ": " + e.getMessage()
                    + "; set XDG_CACHE_HOME to a writable directory", e);
        }
        return new NativeParts(dir);
    }

    /** Copies the parts into {@code target} (for hosts that enforce without the JVM). */
    public void copyTo(Path target) throws IOException {
        Files.createDirectories(target);
        for (Path file : new Path[] {launcher(), preload()}) {
            Path out = target.resolve(file.getFileName());
            Path tmp = Files.createTempFile(target, ".syscage", ".tmp");
            Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = NativeParts.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("this syscage build has no " + name
                        + "; rebuild with `mvn -B package` on a machine with gcc, make and libseccomp-dev");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path cacheRoot() {
        return cacheHome().resolve("syscage");
    }

    /** The user's cache directory ($XDG_CACHE_HOME, else ~/.cache), where native code is unpacked to run. */
    public static Path cacheHome() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        return xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    }

    /**
     * The directory's name: the start of each part's SHA-256 from the checksums the build packed beside them
     * (sha256sum's format), so that a new build gets a new directory without hashing the parts at every start.
     */
    static String name(String checksums) {
        StringBuilder name = new StringBuilder();
        for (String line : checksums.strip().split("\n")) {
            String[] words = line.strip().split("\\s+");
            if (words.length != 2 || !words[0].matches("[0-9a-f]{64}")) {
                throw new IllegalStateException("this syscage build has a malformed " + CHECKSUMS
                        + "; rebuild with `mvn -B package`");
            }
            name.append(words[0], 0, 8);
        }
        return name.toString();
    }

    private static boolean intact(Path dir, Map<String, byte[]> files) throws IOException {
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Path file = dir.resolve(e.getKey());
            if (!Files.isRegularFile(file) || !Files.isExecutable(file)) return false;
            if (!java.util.Arrays.equals(Files.readAllBytes(file), e.getValue())) return false;
        }
        return true;
    }

    private static void install(Path dir, Map<String, byte[]> files) throws IOException {
        Files.createDirectories(dir.getParent(), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            // Written under a temporary name and renamed, so a concurrent syscage never sees half a file.
            Path tmp = Files.createTempFile(dir, ".unpack", ".tmp");
            Files.write(tmp, e.getValue());
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            try {
                Files.move(tmp, dir.resolve(e.getKey()), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException ex) {
                Files.move(tmp, dir.resolve(e.getKey()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
