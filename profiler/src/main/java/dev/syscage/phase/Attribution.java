package dev.syscage.phase;

import dev.syscage.record.AuditRecord;
import java.util.List;

/** Decides which records belong to the program being profiled, and in which phase. */
public interface Attribution {
    Verdict accept(AuditRecord r);

    /** What a reviewer of the profile should know about how records were attributed. */
    List<String> warnings();

    /** The pid of the run's first process when the attribution knows it (the launcher's), else -1. */
    default long rootPid() {
        return -1;
    }
}
