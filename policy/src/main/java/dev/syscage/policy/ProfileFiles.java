package dev.syscage.policy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** File plumbing for profiles. */
final class ProfileFiles {
    private ProfileFiles() {
    }

    /** Strict UTF-8: a mangled name must fail loudly, not turn into U+FFFD. */
    static String readUtf8(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
    }

    /**
     * Readers (a running enforcement, an editor) see the old file or the new one, never half of
     * one: write a sibling temporary file, flush it to disk, rename it over the target.
     */
    static void writeAtomically(Path file, byte[] content) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = createFresh(dir, "." + target.getFileName() + ".");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            setPermissions(tmp, target);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A new empty file (0600) in {@code dir}. Files.createTempFile would seed a SecureRandom for its name, about
     * 10-25 ms of a command's start-up; a name from the clock, created with O_EXCL (which never follows a
     * planted link), is as safe. A name already taken is passed over; should someone in a shared directory
     * plant the next ones, createTempFile's random name ends the race.
     */
    private static Path createFresh(Path dir, String prefix) throws IOException {
        for (int attempt = 0; attempt < 16; attempt++) {
            Path p = dir.resolve(prefix + Long.toHexString(System.nanoTime()) + ".tmp");
            try {
                return Files.createFile(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException e) {
                // next name
            }
        }
        return Files.createTempFile(dir, prefix, ".tmp");
    }

    /** Temporary files are 0600; a profile keeps the target's mode, or gets the usual 0644. */
    private static void setPermissions(Path tmp, Path target) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        Set<PosixFilePermission> perms = Files.exists(target)
                ? Files.getPosixFilePermissions(target)
                : PosixFilePermissions.fromString("rw-r--r--");
        view.setPermissions(perms);
    }
}
