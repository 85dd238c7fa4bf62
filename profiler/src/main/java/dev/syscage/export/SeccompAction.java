package dev.syscage.export;

import java.util.Locale;

/**
 * syscage's action words (kill, kill-thread, trap, errno[:N], log) as libseccomp's action names,
 * which OCI profiles and SeccompProfile resources use.
 *
 * @param name     SCMP_ACT_...
 * @param errnoRet the errno of SCMP_ACT_ERRNO, else null
 */
record SeccompAction(String name, Integer errnoRet) {
    /** EPERM: what Docker's and runc's SCMP_ACT_ERRNO return when no number is given. */
    static final int EPERM = 1;

    /** The default of the container formats: the call fails with EPERM, as under Docker's own profile. */
    static final SeccompAction DEFAULT = new SeccompAction("SCMP_ACT_ERRNO", EPERM);

    static SeccompAction of(String action) throws ExportException {
        if (action == null) {
            return DEFAULT;
        }
        String a = action.toLowerCase(Locale.ROOT);
        switch (a) {
            case "kill", "kill-process":
                return new SeccompAction("SCMP_ACT_KILL_PROCESS", null);
            case "kill-thread":
                return new SeccompAction("SCMP_ACT_KILL_THREAD", null);
            case "trap":
                return new SeccompAction("SCMP_ACT_TRAP", null);
            case "log":
                return new SeccompAction("SCMP_ACT_LOG", null);
            case "errno":
                return DEFAULT;
            default:
                if (a.startsWith("errno:")) {
                    return new SeccompAction("SCMP_ACT_ERRNO", Integer.parseInt(a.substring("errno:".length())));
                }
                throw new ExportException("unknown action '" + action + "'; use kill, kill-thread, trap, errno,"
                        + " errno:N or log");
        }
    }
}
