package dev.syscage.source;

import dev.syscage.loss.Evidence;
import dev.syscage.loss.LossLedger;
import dev.syscage.record.AuditRecord;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where SECCOMP audit records come from while a program runs: the audit netlink group, auditd's log, or
 * the kernel log. Every source also watches the serial numbers of the other records it shows, and the
 * loss signals it can see, so that it can say what it lost inside a run.
 */
public interface RecordSource extends AutoCloseable {

    /** The name users pass to {@code --source} and that profiles record. */
    String name();

    /**
     * Hands every SECCOMP record that arrives within {@code timeoutMillis} to {@code sink}, in the order the
     * kernel delivered them, each at most once. Returns after at least one record or the timeout: true when it
     * stopped at the most one poll takes, so that more may be waiting (the reader is behind), false when it
     * took all there was.
     */
    boolean poll(Consumer<AuditRecord> sink, int timeoutMillis) throws IOException;

    /**
     * How full the buffer that records wait in before this source reads them is, 0 to 1, where overrunning it
     * loses records; NaN when the source cannot tell.
     */
    default double backlog() {
        return Double.NaN;
    }

    /** The serials and loss signals this source has seen. */
    LossLedger ledger();

    /**
     * What this source's loss-detection methods counted for the records numbered {@code firstSerial} to
     * {@code lastSerial}; a negative {@code firstSerial} means from the first record the source showed.
     * Called after polling stopped.
     */
    default List<Evidence> loss(long firstSerial, long lastSerial) {
        return ledger().within(firstSerial, lastSerial);
    }

    /**
     * True when every record the kernel numbered that this source did not show left a loss signal, wherever it
     * lies (not only between two records shown): a record missing without a signal never took a serial.
     */
    default boolean signalsEveryLoss() {
        return false;
    }

    /** The highest audit serial this source has shown, -1 if none. */
    default long highestSerial() {
        return ledger().highestSerial();
    }

    /** What to do when this source lost records: the fix, as one clause of a message. */
    String lossAdvice();

    /** What a reviewer of a profile from this source should know about it (e.g. a small buffer). */
    default List<String> warnings() {
        return List.of();
    }

    @Override
    void close();
}
