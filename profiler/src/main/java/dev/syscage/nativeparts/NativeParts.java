package dev.syscage.nativeparts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the launcher and the preload library are on disk. The jar carries them; LD_PRELOAD and
 * execve need files, so they are unpacked to a cache directory named after their content (see {@link #unpack}).
 */
public record NativeParts(Path directory) {
    /** Where the native build packed the parts: under the architecture it ran on (native/pom.xml). */
    private static final String RESOURCE_DIR = "/native/linux-" + System.getProperty("os.arch") + "/";
    /** The parts' checksums, written by the native build. */
    static final String CHECKSUMS = "parts.sha256";

    public Path launcher() {
        return directory.resolve(NativeContract.LAUNCHER);
    }

    public Path preload() {
        return directory.resolve(NativeContract.PRELOAD);
    }

    /**
     * The parts from the jar, unpacked into the cache when not there yet (or not intact). The cache is checked
     * before anything in it runs: its directory and every one above must be changeable by root or the user syscage
     * runs as only ({@link OwnedTree}), and each part is compared with the jar's copy; in such a tree nobody else can
     * swap a part between that comparison and its execution.
     */
    public static NativeParts unpack() {
        Map<String, byte[]> files = new TreeMap<>();
        for (String name : new String[] {NativeContract.LAUNCHER, NativeContract.PRELOAD}) {
            files.put(name, resource(name));
        }
        Path root = cacheRoot();
        Path dir = root.resolve(name(new String(resource(CHECKSUMS), StandardCharsets.US_ASCII)));
        try {
            int uid = OwnedTree.effectiveUid();
            ownedDirectory(dir, uid);
            if (!intact(dir, files, uid)) install(dir, files);
            OwnedTree.check(dir, uid);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + dir + " for the native parts: " + e.getMessage() + "; "
                    + HOW_TO_FIX, e);
        }
        return new NativeParts(dir);
    }

    private static final String HOW_TO_FIX = "set XDG_CACHE_HOME to a directory that only you (or root) can write, "
            + "on a mount where programs may run";

    /**
     * The policy file that holds {@code text}, for the launcher and the preload library to read: kept in the cache,
     * named after its content and never deleted, so that a process of the run that executes a program after the run
     * ended (a daemon) still finds it. It is readable by every user and, like the parts, changeable by its owner only.
     */
    public Path policyFile(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int uid = OwnedTree.effectiveUid();
        Path policies = directory.getParent().resolve("policies");
        ownedDirectory(policies, uid);
        Path file = policies.resolve(sha256(bytes).substring(0, 32) + ".policy");
        if (!intact(file, bytes, uid)) {
            Path tmp = Files.createTempFile(policies, ".policy", ".tmp");
            Files.write(tmp, bytes);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        OwnedTree.check(file, uid);
        return file;
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
                throw new IllegalStateException("this syscage build has no " + name + " for "
                        + System.getProperty("os.arch") + "; rebuild with `mvn -B package` on this machine (it needs "
                        + "gcc, make and libseccomp-dev): the native parts are built for the build's architecture");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * syscage's cache: $XDG_CACHE_HOME/syscage when set; else root's is /var/cache/syscage, where every user that a
     * run may become (a service dropping its privileges) can read the parts, unlike under root's private home; other
     * users' is ~/.cache/syscage.
     */
    private static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if ((xdg == null || xdg.isBlank()) && OwnedTree.effectiveUid() == 0) return Path.of("/var/cache/syscage");
        return cacheHome().resolve("syscage");
    }

    /**
     * The user's cache directory, where native code is unpacked to run: $XDG_CACHE_HOME; else ~/.cache with ~ from
     * $HOME before the password file, as a shell has it; else, for a user whose home does not exist (nobody's is
     * /nonexistent), $XDG_RUNTIME_DIR/cache. Where none exists the unpacking says so in one line.
     */
    public static Path cacheHome() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) return Path.of(xdg);
        String env = System.getenv("HOME");
        Path home = Path.of(env != null && !env.isBlank() ? env : System.getProperty("user.home"));
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        if (!Files.isDirectory(home) && runtime != null && !runtime.isBlank() && Files.isDirectory(Path.of(runtime))) {
            return Path.of(runtime, "cache");
        }
        return home.resolve(".cache");
    }

    /**
     * Whether nobody but root and this user can change the user's cache directory (or, while it does not exist, the
     * nearest directory above it): JNA unpacks and loads its own native library there.
     */
    public static boolean cacheHomeIsOwned() {
        Path at = cacheHome().toAbsolutePath();
        while (at != null && !Files.exists(at)) at = at.getParent();
        try {
            OwnedTree.check(at, OwnedTree.effectiveUid());
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Creates {@code dir} and its parent (syscage's own directories: mode 0755, readable by every user a run may
     * become) when missing, gives them that mode when they are the user's own, and checks the whole path.
     */
    private static void ownedDirectory(Path dir, int uid) throws IOException {
        for (Path d : new Path[] {dir.getParent(), dir}) {
            Files.createDirectories(d);
            if ((Integer) Files.getAttribute(d, "unix:uid", LinkOption.NOFOLLOW_LINKS) == uid) {
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        OwnedTree.check(dir, uid);
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

    private static boolean intact(Path dir, Map<String, byte[]> files, int uid) throws IOException {
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Path file = dir.resolve(e.getKey());
            if (!Files.isExecutable(file) || !intact(file, e.getValue(), uid)) return false;
        }
        return true;
    }

    /** Whether {@code file} is a regular file that holds {@code bytes} and only root or {@code uid} can change. */
    private static boolean intact(Path file, byte[] bytes, int uid) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return false;
        int owner = (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if (owner != 0 && owner != uid || (mode & 022) != 0) return false;
        return java.util.Arrays.equals(Files.readAllBytes(file), bytes);
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void install(Path dir, Map<String, byte[]> files) throws IOException {
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
