package dev.syscage.export;

import dev.syscage.policy.Phase;
import dev.syscage.policy.Profile;
import java.util.Locale;
import java.util.Set;

/**
 * A firejail profile fragment ({@code firejail --profile=FILE}, or lines to include in an application's
 * .profile): {@code seccomp.keep} with the allowed calls. firejail installs the filter before it executes the
 * program, so both phases; it adds the calls it needs itself after installing it. Its list is for the native
 * ABI only.
 */
final class FirejailFormat implements Exporter {
    @Override
    public String name() {
        return "firejail";
    }

    @Override
    public Set<Phase> phases() {
        return Allowlist.BOTH;
    }

    @Override
    public String why() {
        return "a firejail profile (seccomp.keep): firejail installs the filter before it executes the program,"
                + " so the loader and libc start-up need their calls too (default action: firejail's EPERM)";
    }

    @Override
    public boolean takesAction() {
        return true;
    }

    @Override
    public String render(Profile profile, ExportOptions options) throws ExportException {
        StringBuilder out = new StringBuilder(Comment.header("#", this, profile));
        out.append("seccomp.keep ").append(String.join(",", Allowlist.nativeNames(profile, phases(), name())))
                .append('\n');
        if (options.action() != null) {
            out.append("seccomp-error-action ").append(errorAction(options.action())).append('\n');
        }
        return out.toString();
    }

    /** firejail's words: kill, log, or an errno name. */
    private static String errorAction(String action) throws ExportException {
        String a = action.toLowerCase(Locale.ROOT);
        return switch (a) {
            case "kill", "kill-process" -> "kill";
            case "log" -> "log";
            case "errno" -> "EPERM";
            default -> throw new ExportException("firejail's seccomp-error-action takes kill, log or an errno name;"
                    + " use --action kill, log or errno (EPERM) with --format firejail");
        };
    }
}
