package dev.syscage.nativeparts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Paths that nobody but their owner can change, checked as sshd's StrictModes checks a user's files: the file,
 * its directory and every directory above it belong to root or to the user syscage runs as, and none can be
 * written by group or others, unless it is a directory above that is root's and sticky (like /tmp: others cannot
 * rename or remove what they do not own there). A program verified inside such a tree stays what was verified
 * until syscage executes it: nobody else can swap it.
 */
final class OwnedTree {
    private static final int STICKY = 01000;
    private static final int GROUP_OR_OTHER_WRITE = 022;

    private OwnedTree() {
    }

    /** The effective uid of this process (the owner of what it creates), from /proc/self/status. */
    static int effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
            }
        } catch (IOException | RuntimeException e) {
            // below
        }
        throw new IllegalStateException("cannot read the effective uid from /proc/self/status; is /proc mounted?");
    }

    /**
     * Checks {@code path} (a file or directory, symbolic links resolved) and every directory above it; throws with
     * the first component that someone other than root or {@code uid} can change.
     */
    static void check(Path path, int uid) throws IOException {
        Path real = path.toRealPath();
        Path at = real.getRoot();
        check(at, uid, false);
        int names = real.getNameCount();
        for (int i = 0; i < names; i++) {
            at = at.resolve(real.getName(i));
            check(at, uid, i == names - 1);
        }
    }

    private static void check(Path p, int uid, boolean last) throws IOException {
        int owner = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if (owner != 0 && owner != uid) {
            throw new IOException(p + " belongs to uid " + owner + ", not to root or to uid " + uid
                    + " (who runs syscage), so its owner could swap what syscage executes");
        }
        boolean sharedSticky = !last && owner == 0 && (mode & STICKY) != 0 && Files.isDirectory(p,
                LinkOption.NOFOLLOW_LINKS);
        if ((mode & GROUP_OR_OTHER_WRITE) != 0 && !sharedSticky) {
            throw new IOException(String.format("%s is writable by group or others (mode %04o), so they could swap "
                    + "what syscage executes", p, mode & 07777));
        }
    }
}
