package dev.syscage.run;

import dev.syscage.loss.Evidence;
import dev.syscage.loss.LossMethod;
import dev.syscage.source.AuditAccessException;
import dev.syscage.source.AuditStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's own count of dropped audit records (AUDIT_GET's {@code lost}), read before and after a
 * run: its growth is records the kernel dropped meanwhile (of any program; the run's may be among them).
 * One case is left out: booted with audit=1 and no audit daemon, the kernel also counts records it drops
 * from the queue it keeps for a daemon to come, after every reader had them; the growth then says nothing.
 */
final class KernelCounter {
    private final AuditStatus before;
    private final String unavailable;

    private KernelCounter(AuditStatus before, String unavailable) {
        this.before = before;
        this.unavailable = unavailable;
    }

    /** Reads the counter at the start of a run. */
    static KernelCounter start() {
        try {
            return new KernelCounter(AuditStatus.query(), null);
        } catch (AuditAccessException e) {
            return new KernelCounter(null, e.getMessage());
        }
    }

    /**
     * What the counter says about the run, now that it is over. When it cannot tell, the reason goes to
     * {@code unverifiable}: records the kernel drops at its backlog limit take no serial, so nothing else sees them.
     */
    Optional<Evidence> finish(List<String> unverifiable) {
        String unseen = "records the kernel drops at its backlog limit (they take no serial number, so no gap shows)";
        if (before == null) {
            unverifiable.add(unseen + ": its lost counter cannot be read (" + unavailable + ")");
            return Optional.empty();
        }
        AuditStatus after;
        try {
            after = AuditStatus.query();
        } catch (AuditAccessException e) {
            unverifiable.add(unseen + ": its lost counter could not be read after the run (" + e.getMessage() + ")");
            return Optional.empty();
        }
        long grown = after.lost() - before.lost();
        if (grown < 0) {
            unverifiable.add(unseen + ": its lost counter was reset during the run; re-run");
            return Optional.empty();
        }
        if (grown > 0 && after.pid() == 0 && bootedWithAudit()) {
            unverifiable.add(unseen + ": its lost counter rose by " + grown + ", but booted with audit=1 and no audit "
                    + "daemon it also counts records dropped after every reader had them; start auditd and re-run");
            return Optional.empty();
        }
        return Optional.of(new Evidence(LossMethod.KERNEL_LOST, grown, "the kernel's lost counter (AUDIT_GET) read "
                + "before and after the run: records any program lost meanwhile", null));
    }

    private static boolean bootedWithAudit() {
        try {
            return Arrays.asList(Files.readString(Path.of("/proc/cmdline")).trim().split("\\s+")).contains("audit=1");
        } catch (IOException e) {
            return false;
        }
    }
}
