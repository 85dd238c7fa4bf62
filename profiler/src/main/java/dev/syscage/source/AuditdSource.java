package dev.syscage.source;

import dev.syscage.loss.LossLedger;
import dev.syscage.record.AuditRecord;
import dev.syscage.record.LineSplitter;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.function.Consumer;

/**
 * auditd's log, followed from the moment the source opened, across rotations. The kernel hands auditd
 * every record and waits for it (it never drops records for a slow daemon while the backlog has room),
 * and auditd writes every record it gets, so the log is lossless; the serial numbers of its lines, of
 * every type, show whether it really was. auditd writes asynchronously, so records arrive here a little
 * later than they happen; the drain waits for the run's END marker in the log.
 */
public final class AuditdSource implements RecordSource {
    private static final int IDLE_MILLIS = 20;
    /** Read per poll at most, so that the collector sees between polls whether it is behind (about 15,000 lines). */
    private static final long POLL_BYTES = 4 << 20;

    private final AuditDaemon daemon;
    private final LogFollower follower;
    private final LineSplitter lines = new LineSplitter();
    private final LossLedger ledger = new LossLedger();
    private final AuditText text = new AuditText(ledger);

    private AuditdSource(AuditDaemon daemon, LogFollower follower) {
        this.daemon = daemon;
        this.follower = follower;
    }

    /** Starts following the running daemon's log at its end. */
    public static AuditdSource open() throws AuditAccessException {
        AuditDaemon d = AuditDaemon.find().orElseThrow(() -> new AuditAccessException(
                "no audit daemon is running, so there is no audit log to follow; start auditd, or use --source netlink"));
        if (!d.writesLogs()) {
            throw new AuditAccessException("auditd (pid " + d.pid() + ") writes no log (write_logs = no in "
                    + d.config() + "); set write_logs = yes and restart it, or use --source netlink");
        }
        try {
            return new AuditdSource(d, LogFollower.atEnd(d.logFile()));
        } catch (AccessDeniedException e) {
            throw new AuditAccessException("no permission to read auditd's log " + d.logFile()
                    + "; run syscage as root (or as a member of auditd.conf's log_group)");
        } catch (NoSuchFileException e) {
            throw new AuditAccessException("auditd's log " + d.logFile() + " (log_file in " + d.config()
                    + ") does not exist; check auditd, or use --source netlink");
        } catch (IOException e) {
            throw new AuditAccessException("cannot read auditd's log " + d.logFile() + ": " + e.getMessage()
                    + "; use --source netlink");
        }
    }

    @Override
    public String name() {
        return "auditd";
    }

    @Override
    public boolean poll(Consumer<AuditRecord> sink, int timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        LineSplitter.Handler handler = (b, from, to) -> text.line(b, from, to, sink);
        long read;
        while ((read = follower.read(lines, handler, POLL_BYTES)) == 0) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) return false;
            try {
                Thread.sleep(Math.min(IDLE_MILLIS, left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return read >= POLL_BYTES;
    }

    /**
     * The log not read yet, against what auditd writes before it may delete a file ({@link AuditDaemon#keptBytes()}):
     * a reader that falls that far behind loses lines.
     */
    @Override
    public double backlog() {
        try {
            return Math.min(1, (double) follower.unread() / daemon.keptBytes());
        } catch (IOException e) {
            return 1; // cannot tell: read now
        }
    }

    /** Rotations of the log followed so far. */
    public long rotations() {
        return follower.rotations();
    }

    @Override
    public LossLedger ledger() {
        return ledger;
    }

    @Override
    public String lossAdvice() {
        return "auditd's log lacks records of the run: use --source netlink, or give auditd room (raise "
                + "max_log_file and num_logs in " + daemon.config() + " so no log is deleted during the run)";
    }

    @Override
    public void close() {
        follower.close();
    }
}
