package dev.syscage.export;

import dev.syscage.policy.Phase;
import dev.syscage.policy.Profile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * One output format of {@code syscage export}. Each says which phases of the profile it carries and
 * why: that depends on where its consumer installs the filter (before the target's execve, so the
 * loader and libc start-up run under it, or after the runtime's start-up).
 */
public interface Exporter {
    /** The {@code --format} name. */
    String name();

    /** The phases whose syscalls the output allows (or lists). */
    Set<Phase> phases();

    /** One sentence: the consumer and why these phases. */
    String why();

    /** Whether {@code --action} (what a call outside the allowlist gets) means anything here. */
    default boolean takesAction() {
        return false;
    }

    /** Whether {@code --runtime} (a container runtime's own calls) means anything here. */
    default boolean takesRuntime() {
        return false;
    }

    /** Whether the output is bytes, not text (the compiled BPF program). */
    default boolean binary() {
        return false;
    }

    /** The exported text; ExportException when the profile holds what the format cannot express. */
    String render(Profile profile, ExportOptions options) throws ExportException;

    /** The exported file: the text in UTF-8, or a binary format's bytes. */
    default byte[] bytes(Profile profile, ExportOptions options) throws ExportException, IOException {
        return render(profile, options).getBytes(StandardCharsets.UTF_8);
    }
}
