package dev.syscage.policy;

import java.util.Optional;

/** The two phases of a profile; the boundary is the preload library's constructor. */
public enum Phase {
    /** Dynamic loader, libc start-up, other libraries' constructors. */
    INIT("init"),
    /** Everything after the preload constructor installed the main-phase filter. */
    MAIN("main");

    private final String key;

    Phase(String key) {
        this.key = key;
    }

    /** The name used in profile files and in the native policy format. */
    public String key() {
        return key;
    }

    public static Optional<Phase> byKey(String key) {
        for (Phase p : values()) {
            if (p.key.equals(key)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
