package dev.syscage.export;

import dev.syscage.nativeparts.NativeContract;
import dev.syscage.nativeparts.NativeParts;
import dev.syscage.policy.Phase;
import dev.syscage.policy.Profile;
import dev.syscage.run.BpfProgram;
import java.io.IOException;
import java.util.Set;

/**
 * The compiled filter: the raw BPF program (an array of {@code struct sock_filter}) for {@code bwrap --seccomp FD},
 * flatpak and anything else that loads a filter itself. Compiled by the launcher's own libseccomp, so it is the
 * filter {@code syscage-exec --policy} installs, ABI checks included.
 */
final class BpfFormat implements Exporter {
    /** Refusals end the process, as under the launcher: a missing call shows at once instead of degrading. */
    static final String DEFAULT_ACTION = "kill";

    @Override
    public String name() {
        return "bpf";
    }

    @Override
    public Set<Phase> phases() {
        return Allowlist.BOTH;
    }

    @Override
    public String why() {
        return "the raw BPF program for bwrap --seccomp FD and other loaders, which install it just before the "
                + "target's execve, so the loader and libc start-up run under it (default action " + DEFAULT_ACTION
                + ")";
    }

    @Override
    public boolean takesAction() {
        return true;
    }

    @Override
    public boolean binary() {
        return true;
    }

    @Override
    public String render(Profile profile, ExportOptions options) throws ExportException {
        throw new ExportException("the bpf format is binary; write it with -o FILE or to a pipe");
    }

    @Override
    public byte[] bytes(Profile profile, ExportOptions options) throws ExportException, IOException {
        NativeParts parts;
        try {
            parts = NativeParts.unpack();
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        }
        String action = options.action() != null ? options.action() : DEFAULT_ACTION;
        try {
            return BpfProgram.compile(parts, profile, action);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while " + NativeContract.LAUNCHER + " compiled the filter", e);
        }
    }
}
