package dev.syscage.run;

import dev.syscage.nativeparts.NativeContract;
import dev.syscage.nativeparts.NativeParts;
import dev.syscage.policy.Profile;
import java.io.IOException;

/**
 * A profile's init ∪ main filter as the raw BPF program (an array of {@code struct sock_filter}) that the
 * launcher would install, compiled by the launcher's own libseccomp: what {@code bwrap --seccomp FD} and other
 * programs that load a filter themselves take, and exactly what {@code syscage-exec --policy} enforces before
 * the target's execve.
 */
public final class BpfProgram {
    private BpfProgram() {
    }

    /** The program's bytes; IOException with the launcher's reason when it cannot compile them. */
    public static byte[] compile(NativeParts parts, Profile profile, String action)
            throws IOException, InterruptedException {
        LauncherCall.Output out = LauncherCall.run(profile,
                policy -> NativeContract.exportBpfCommand(parts, policy, action));
        if (out.status() != 0) {
            throw new IOException(out.firstError().isEmpty()
                    ? "the launcher could not compile the filter (exit " + out.status() + ")" : out.firstError());
        }
        return out.stdout();
    }
}
