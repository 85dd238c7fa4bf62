package dev.syscage.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/** File plumbing for profiles and the other files syscage reads and writes. */
public final class ProfileFiles {
    private ProfileFiles() {
    }

    /**
     * The largest profile syscage reads, so that reading one has a bound (the heap of a command, the time of a
     * check): a profile of 1000 executables with 60 calls each in both phases, counted per process, is about
     * 2.5 MiB.
     */
    public static final int MAX_PROFILE_BYTES = 4 << 20;

    /**
     * The text of a regular file of at most {@code max} bytes, in strict UTF-8 (a mangled name must fail
     * loudly, not turn into U+FFFD). What the path resolves to is looked at before it is opened, so a FIFO
     * (whose open would block until a writer comes), a device such as /dev/zero (endless) or a directory is
     * refused without being opened; a file that grows meanwhile is read no further than the limit.
     */
    static String readUtf8(Path file, int max) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        if (!attrs.isRegularFile()) {
            throw new FileSystemException(file.toString(), null, "not a regular file but " + kind(file, attrs));
        }
        if (attrs.size() > max) {
            throw new FileSystemException(file.toString(), null, tooLarge(attrs.size(), max));
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(max + 1);
        }
        if (bytes.length > max) {
            throw new FileSystemException(file.toString(), null, tooLarge(bytes.length, max));
        }
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
    }

    /**
     * Why an I/O operation failed, in words, without the exception's class or the name of a temporary file
     * ({@code No space left on device}, {@code permission denied}).
     */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) return "no such file or directory";
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static String tooLarge(long size, int max) {
        return "larger than the " + (max >> 20) + " MiB a profile may be (" + size + " bytes)";
    }

    /** What a non-regular file is, in words ("a FIFO", "a character device", ...). */
    private static String kind(Path file, BasicFileAttributes attrs) {
        if (attrs.isDirectory()) return "a directory";
        try {
            int type = (Integer) Files.getAttribute(file, "unix:mode") & 0170000;
            return switch (type) {
                case 0010000 -> "a FIFO";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "a special file";
        }
    }

    /**
     * Readers (a running enforcement, an editor) see the old file or the new one, never half of
     * one: write a sibling temporary file, flush it to disk, rename it over the target.
     */
    public static void writeAtomically(Path file, byte[] content) throws IOException {
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
     * A new empty file (0600) in {@code dir}. Files.createTempFile would seed a SecureRandom for its name, a visible
     * part of a command's start-up (benchmarks/findings.md); a name from the clock, created with O_EXCL (which never follows a
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

    /**
     * Temporary files are 0600; the output keeps the mode of the regular file it replaces, or gets the usual
     * 0644 (a symbolic link planted at the name is replaced, not followed, so its target's mode is not taken).
     */
    private static void setPermissions(Path tmp, Path target) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        Set<PosixFilePermission> perms = Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                ? Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS)
                : PosixFilePermissions.fromString("rw-r--r--");
        view.setPermissions(perms);
    }

    /**
     * Why {@code file} cannot be written as {@link #writeAtomically} writes it, or empty when it can: asked
     * before the work whose result goes there (an hour-long profile), so that a typo costs nothing. It tries
     * what the write does: creates (and removes) a file beside it, which finds a missing or read-only
     * directory, missing permission and a file system out of inodes. Running out of space later is still
     * possible; the caller keeps a fallback for that.
     */
    public static Optional<String> unwritable(Path file) {
        if (file.toString().isEmpty()) return Optional.of("the path is empty");
        if (Files.isDirectory(file)) return Optional.of("it is a directory");
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                && !Files.isSymbolicLink(file)) {
            return Optional.of("it exists and is not a regular file");
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || file.getFileName() == null) return Optional.of("it is not a file name");
        if (!Files.isDirectory(dir)) {
            return Optional.of(Files.exists(dir) ? dir + " is not a directory" : "directory " + dir
                    + " does not exist");
        }
        try {
            Files.delete(createFresh(dir, "." + file.getFileName() + "."));
        } catch (IOException e) {
            return Optional.of("cannot create a file in " + dir + ": " + reason(e));
        }
        return Optional.empty();
    }

    /**
     * Writes {@code content} to a new private file (0600) in the temporary directory and returns its name: where
     * a profile goes when its own destination failed at the end of a long run.
     */
    public static Path writeFallback(String prefix, byte[] content) throws IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir", "/tmp"));
        Path file = Files.createTempFile(dir, prefix, ".yaml",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(file, content);
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return file;
    }
}
