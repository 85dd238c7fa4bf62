package dev.syscage.phase;

/** What one audit record means for the profiling run being tracked. */
public enum Verdict {
    /** Another run's or another program's record. */
    OTHER,
    /** One of this run's markers; a marker is not a syscall of the program. */
    MARKER,
    /** The run's END marker (the second of its end key): every record of the run came before it. */
    END,
    /** A call this run made in the init phase. */
    INIT,
    /** A call this run made in the main phase. */
    MAIN,
    /** The preload library's own calls at the phase boundary ({@link OwnCalls}); not the program's. */
    BOOKKEEPING
}
