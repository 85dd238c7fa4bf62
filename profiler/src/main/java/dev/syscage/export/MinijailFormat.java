package dev.syscage.export;

import dev.syscage.policy.Phase;
import dev.syscage.policy.Profile;
import java.util.Set;

/**
 * A minijail seccomp policy ({@code minijail0 -S FILE}): one {@code name: 1} line per allowed call.
 * minijail installs it before execve for static programs and with {@code -T static}, and otherwise
 * from its preload library at a point of its own, not syscage's phase boundary: both phases keep
 * every mode working. A minijail policy is for one ABI (one file per architecture).
 */
final class MinijailFormat implements Exporter {
    @Override
    public String name() {
        return "minijail";
    }

    @Override
    public Set<Phase> phases() {
        return Allowlist.BOTH;
    }

    @Override
    public String why() {
        return "a minijail0 -S policy: minijail installs it before execve (static programs, -T static) or"
                + " from its own preload library, at a point that is not syscage's boundary, so both phases";
    }

    @Override
    public String render(Profile profile, ExportOptions options) throws ExportException {
        StringBuilder out = new StringBuilder(Comment.header("#", this, profile));
        for (String name : Allowlist.nativeNames(profile, phases(), name())) {
            out.append(name).append(": 1\n");
        }
        return out.toString();
    }
}
