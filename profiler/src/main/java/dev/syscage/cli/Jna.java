package dev.syscage.cli;

import dev.syscage.nativeparts.NativeParts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** How the CLI starts JNA, and what it says when JNA cannot start. */
final class Jna {
    private Jna() {
    }

    /**
     * Before JNA's first use. JNA builds a library search list from {@code ldconfig -p}, a process at every
     * start-up (benchmarks/BENCHMARKS.md); syscage loads its libraries by soname, and the JDK's list of the system's library
     * directories serves JNA's fallback search as well.
     */
    static void configure() {
        if (System.getProperty("jna.platform.library.path") == null) {
            System.setProperty("jna.platform.library.path", System.getProperty("java.library.path", ""));
        }
        // JNA unpacks its native library into the user's cache and loads it: never from one that someone else can
        // change (root given another user's XDG_CACHE_HOME), but from a private directory of syscage's own
        if (System.getProperty("jna.tmpdir") == null && !NativeParts.cacheHomeIsOwned()) {
            try {
                System.setProperty("jna.tmpdir", Files.createTempDirectory("syscage-jna", PosixFilePermissions
                        .asFileAttribute(PosixFilePermissions.fromString("rwx------"))).toString());
            } catch (IOException e) {
                // JNA's own choice then; the native parts' own check refuses that cache before anything runs
            }
        }
    }

    /**
     * The line for a linkage error, when it is JNA that cannot start: JNA unpacks its native part into a
     * directory of its own and loads it from there, which a noexec mount forbids. Null when JNA is fine.
     */
    static String failure() {
        try {
            Class.forName("com.sun.jna.Native");
            return null;
        } catch (ClassNotFoundException | LinkageError e) {
            return "JNA cannot load its native library from " + unpackDirectory() + " (a noexec mount?); set "
                    + "XDG_CACHE_HOME to a directory where programs may run";
        }
    }

    /** Where JNA unpacks its native part (JNA's own rule on Linux). */
    private static Path unpackDirectory() {
        String tmp = System.getProperty("jna.tmpdir");
        if (tmp != null) return Path.of(tmp);
        return NativeParts.cacheHome().resolve("JNA").resolve("temp");
    }
}
