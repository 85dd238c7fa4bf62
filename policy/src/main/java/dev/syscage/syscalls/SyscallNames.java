package dev.syscage.syscalls;

import java.util.Optional;

/**
 * What reading a profile needs of a syscall table: whether a name is a call of an ABI. Injected, so that
 * {@code show}, {@code diff}, {@code merge} and most exports work on a host without libseccomp.
 */
public interface SyscallNames {
    boolean knows(Arch abi, String name);

    /** The known name closest to {@code unknown}, if one is close enough to be a likely typo. */
    Optional<String> closest(Arch abi, String unknown);

    /** Who vouches for the names, for messages: e.g. "libseccomp 2.5.4". */
    String authority();

    /**
     * The installed libseccomp's names; on a host where it cannot be loaded, names taken unchecked, with one
     * warning on stderr the first time a name goes unchecked. What enforces a profile checks its names again
     * (the launcher links libseccomp; runc, crun and systemd have their own), so a misspelt name is caught there.
     */
    static SyscallNames installed() {
        try {
            return SyscallTable.get();
        } catch (SyscallTableException e) {
            return UncheckedNames.because(e.getMessage());
        }
    }
}
