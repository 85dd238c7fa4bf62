package dev.syscage.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A private (0700) temporary directory for the files one launch hands the launcher: the policy it
 * reads and the session report it writes. Private because the native parts refuse a policy that
 * others could rewrite; deleted with its files on close.
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
