package dev.syscage.syscalls;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** Every well-formed name taken as a call: what is left when libseccomp cannot be loaded. */
final class UncheckedNames implements SyscallNames {
    private static volatile UncheckedNames instance;

    private final String reason;
    private final AtomicBoolean warned = new AtomicBoolean();

    private UncheckedNames(String reason) {
        this.reason = reason;
    }

    /** One per process, so the warning is said once. */
    static synchronized UncheckedNames because(String reason) {
        if (instance == null) instance = new UncheckedNames(reason);
        return instance;
    }

    @Override
    public boolean knows(Arch abi, String name) {
        if (!warned.getAndSet(true)) {
            System.err.println("syscage: warning: syscall names are not checked (" + reason + ")");
        }
        return true;
    }

    @Override
    public Optional<String> closest(Arch abi, String unknown) {
        return Optional.empty();
    }

    @Override
    public String authority() {
        return "no libseccomp";
    }
}
