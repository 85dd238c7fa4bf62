package dev.syscage.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A private (0700) temporary directory for the files one launch hands the native parts: the policy of a
 * profile or a trial load, the session report the launcher writes, the preload library's word that it ran.
 * Private because the native parts refuse a policy that others could rewrite; deleted with its files on
 * close, so not for what a process of the run may read after the run ({@code run}'s policy is kept in the
 * cache: {@link dev.syscage.nativeparts.NativeParts#policyFile}).
 */
final class ScratchDir implements AutoCloseable {
    private final Path dir;

    private ScratchDir(Path dir) {
        this.dir = dir;
    }

    static ScratchDir create() throws IOException {
        return new ScratchDir(Files.createTempDirectory("syscage-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))));
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
