package dev.syscage.export;

import dev.syscage.policy.Phase;
import dev.syscage.policy.Profile;
import dev.syscage.syscalls.SyscallNames;
import dev.syscage.syscalls.Arch;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A unit drop-in ([Service] section) for systemd.exec(5)'s SystemCallFilter=. systemd installs the
 * filter in the service's process before it executes the program, so the loader and libc start-up
 * run under it: both phases.
 */
final class SystemdFormat implements Exporter {
    @Override
    public String name() {
        return "systemd";
    }

    @Override
    public Set<Phase> phases() {
        return Allowlist.BOTH;
    }

    @Override
    public String why() {
        return "a drop-in for systemd units: systemd installs SystemCallFilter= before it executes the"
                + " program, so the loader and libc start-up need their calls too";
    }

    @Override
    public boolean takesAction() {
        return true;
    }

    @Override
    public String render(Profile profile, ExportOptions options) throws ExportException {
        Allowlist.Named named = Allowlist.acrossAbis(profile, phases(), name(), SyscallNames.installed());
        if (named.names().isEmpty()) {
            // An empty assignment resets the list: systemd would then filter nothing at all.
            throw new ExportException("the profile allows no syscall, and systemd reads an empty"
                    + " SystemCallFilter= as no filter; profile the program first");
        }
        StringBuilder out = new StringBuilder(Comment.header("#", this, profile));
        out.append("[Service]\n");
        // "native" first, as systemd recommends: the service's own ABI, whatever systemd calls it
        out.append("SystemCallArchitectures=").append(named.abis().stream()
                .map(abi -> abi == named.abis().get(0) ? "native" : archName(abi))
                .collect(Collectors.joining(" "))).append('\n');
        out.append("SystemCallFilter=").append(String.join(" ", named.names())).append('\n');
        errorNumber(options.action()).ifPresent(n -> out.append("SystemCallErrorNumber=").append(n).append('\n'));
        return out.toString();
    }

    /** systemd kills with SIGSYS unless SystemCallErrorNumber= makes the call fail instead. */
    private static Optional<String> errorNumber(String action) throws ExportException {
        if (action == null) {
            return Optional.empty();
        }
        String a = action.toLowerCase(Locale.ROOT);
        if (a.equals("kill") || a.equals("kill-process")) {
            return Optional.empty();
        }
        if (a.equals("errno")) {
            return Optional.of("EPERM");
        }
        if (a.startsWith("errno:")) {
            return Optional.of(a.substring("errno:".length()));
        }
        throw new ExportException("systemd's SystemCallFilter= either kills the process or fails the call;"
                + " use --action kill or errno[:N] with --format systemd");
    }

    /** systemd's spelling of an ABI (SystemCallArchitectures=). */
    static String archName(Arch abi) {
        return switch (abi) {
            case X86_64 -> "x86-64";
            case AARCH64 -> "arm64";
            case PPC64LE -> "ppc64-le";
            default -> abi.seccompName();
        };
    }
}
