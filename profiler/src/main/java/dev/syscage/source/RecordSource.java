package dev.syscage.source;

import dev.syscage.record.AuditRecord;
import java.io.IOException;
import java.util.function.Consumer;

/** Where SECCOMP audit records come from. Later sources (auditd's log, /dev/kmsg) implement it too. */
public interface RecordSource extends AutoCloseable {

    /** The name users pass to {@code --source} and that profiles record. */
    String name();

    /**
     * Hands every SECCOMP record that arrives within {@code timeoutMillis} to {@code sink}.
     * Returns after at least one record or the timeout.
     */
    void poll(Consumer<AuditRecord> sink, int timeoutMillis) throws IOException;

    /** Records that the source knows it lost (for example a receive-buffer overrun). */
    long lost();

    @Override
    void close();
}
