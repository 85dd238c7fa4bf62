package dev.syscage.source;

import dev.syscage.record.LineSplitter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Follows a log file that its writer rotates, as auditd does (audit.log becomes audit.log.1, .1 becomes
 * .2, …, and a new audit.log is started): from the moment it was opened, every line appended, across any
 * number of rotations, without missing the lines written to a file after it was renamed.
 *
 * <p>The open file is kept by its channel, so renaming does not disturb reading it. At its end, when the
 * path names another file, the writer has rotated: what remains of the old file is read, then the files
 * written after it, oldest first: found by their place in the numbered series relative to the old file
 * (identified by device and inode). If the old file is no longer in the series (deleted by the writer's
 * num_logs), every numbered file still there is newer than it. A file that shrank was truncated and is
 * read again from its start.
 */
final class LogFollower implements AutoCloseable {
    /** Numbered files looked at: auditd allows num_logs up to 999. */
    private static final int MAX_NUMBERED = 999;

    private final Path path;
    private FileChannel channel;
    private Object key;
    private Path current;
    private long rotations;

    private LogFollower(Path path) {
        this.path = path;
    }

    /** Opens {@code path} at its end: only lines written from now on are read. */
    static LogFollower atEnd(Path path) throws IOException {
        LogFollower f = new LogFollower(path);
        f.open(path, true);
        return f;
    }

    /**
     * Reads what was appended since the last call, following rotations, until its end or until it has read
     * {@code limit} bytes or more; returns the bytes read.
     */
    long read(LineSplitter lines, LineSplitter.Handler handler, long limit) throws IOException {
        long total = drain(lines, handler, limit);
        if (total > 0) return total;
        Object now = keyOf(path);
        if (now == null) return 0; // between the writer's rename and its create
        if (now.equals(key)) {
            if (Files.size(path) < channel.position()) { // truncated
                channel.position(0);
                lines.reset();
            }
            return 0;
        }
        // Rotated. The writer closed the old file before renaming it; read the rest of it first.
        total += drain(lines, handler, Long.MAX_VALUE);
        lines.finish(handler);
        FileChannel old = channel;
        try {
            open(successor(), false);
        } catch (NoSuchFileException e) {
            return total; // rotated again meanwhile: look again on the next call
        }
        old.close();
        rotations++;
        return total + drain(lines, handler, limit);
    }

    /**
     * Bytes written that {@link #read} has not taken yet: the rest of the current file, or {@link Long#MAX_VALUE}
     * once the writer has moved on to another file (how much it wrote there is not worth the looking).
     */
    long unread() throws IOException {
        long rest = channel.size() - channel.position();
        if (rest != 0) return rest > 0 ? rest : Long.MAX_VALUE; // shorter than read: truncated, to be read again
        Object now = keyOf(path);
        return now == null || now.equals(key) ? 0 : Long.MAX_VALUE;
    }

    /** How many rotations were followed. */
    long rotations() {
        return rotations;
    }

    private long drain(LineSplitter lines, LineSplitter.Handler handler, long limit) throws IOException {
        long total = 0;
        int n;
        while (total < limit && (n = lines.read(channel, handler)) > 0) total += n;
        return total;
    }

    /** The file written right after the current one. */
    private Path successor() throws IOException {
        int oldest = 0;
        for (int i = 1; i <= MAX_NUMBERED; i++) {
            Path numbered = numbered(i);
            Object k = keyOf(numbered);
            if (k == null) break;
            if (k.equals(key)) return i == 1 ? path : numbered(i - 1);
            oldest = i;
        }
        // The current file left the series (deleted, or never part of it): everything there is newer.
        return oldest > 0 ? numbered(oldest) : path;
    }

    private Path numbered(int i) {
        return path.resolveSibling(path.getFileName() + "." + i);
    }

    private void open(Path file, boolean atEnd) throws IOException {
        FileChannel opened = FileChannel.open(file, StandardOpenOption.READ);
        Object k = keyOf(file);
        if (k == null) {
            opened.close();
            throw new NoSuchFileException(file.toString());
        }
        if (atEnd) opened.position(opened.size());
        channel = opened;
        key = k;
        current = file;
    }

    private static Object keyOf(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** The file being read now. */
    Path current() {
        return current;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing a read-only channel loses nothing.
        }
    }
}
