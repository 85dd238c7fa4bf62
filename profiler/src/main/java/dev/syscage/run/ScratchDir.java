package dev.syscage.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A private (0700) temporary directory for the files one launch hands the native parts: the policy of a
 * profile or a trial load, the session report the launcher writes, the preload library's word that it ran.
 * Private because the native parts refuse a policy that others could rewrite, and because the report alone
 * says which audit session is the run's; deleted with its files on close, so not for what a process of the
 * run may read after the run ({@code run}'s policy is kept in the cache:
 * {@link dev.syscage.nativeparts.NativeParts#policyFile}).
 */
final class ScratchDir implements AutoCloseable {
    private final Path dir;

    private ScratchDir(Path dir) {
        this.dir = dir;
    }

    static ScratchDir create() throws IOException {
        return create(Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** A new one in {@code parent}. */
    static ScratchDir create(Path parent) throws IOException {
        Path dir = Files.createTempDirectory(parent, "syscage-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        // The launcher's report in here names the run's audit session: nobody else may swap the directory, which
        // another user can in a parent writable by others unless it is sticky (as /tmp is).
        int mode = (Integer) Files.getAttribute(parent, "unix:mode");
        if ((mode & 0022) != 0 && (mode & 01000) == 0) {
            Files.delete(dir);
            throw new IOException("the temporary directory " + parent + " is writable by others and not sticky "
                    + "(mode " + Integer.toOctalString(mode & 07777) + "); give java a private one (JAVA_TOOL_OPTIONS="
                    + "-Djava.io.tmpdir=DIR) or chmod +t " + parent);
        }
        // The real path: the native parts check every directory of a policy's path, and the preload follows no link.
        return new ScratchDir(dir.toRealPath());
    }

    /** A file in the directory, not created yet (the launcher writes it). */
    Path file(String name) {
        return dir.resolve(name);
    }

    /** A file in the directory with {@code text} in it. */
    Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Override
    public void close() throws IOException {
        List<Path> files;
        try (var listing = Files.list(dir)) {
            files = listing.toList();
        }
        for (Path f : files) Files.deleteIfExists(f);
        Files.deleteIfExists(dir);
    }
}
