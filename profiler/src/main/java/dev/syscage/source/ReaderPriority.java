package dev.syscage.source;

import com.sun.jna.LastErrorException;
import java.util.function.DoubleSupplier;

/**
 * The collector thread's scheduling priority, set by how far behind its source it is. The reader shares two
 * cores with the target and the kernel's audit thread. Kept high (nice -10, as auditd's priority_boost) all
 * along, it took the target's core whenever records woke it: the target's own time in a first profile of
 * a getppid loop fell with every step of lower priority, down to that beside a reader in C that only counts
 * (benchmarks/findings.md). Kept low, a busy target could starve it until the socket overran.
 * So it reads at a low priority, and at the high one while a quarter of the socket's buffer waits (a reader
 * that never loses the CPU for long never gets there), until it
 * has caught up. Full polls alone say little: a reader that just keeps up finds a full batch at every poll.
 */
final class ReaderPriority {
    private static final int KEEPING_UP = 10;
    private static final int BEHIND = -10;
    private static final double BEHIND_BACKLOG = 0.25;

    private final int tid;
    /** Only a thread allowed to raise its priority again (root) lowers it; others keep the one they have. */
    private final boolean adjustable;
    private boolean high;

    private ReaderPriority(int tid, boolean adjustable) {
        this.tid = tid;
        this.adjustable = adjustable;
    }

    /**
     * The calling thread's. When its source can say how far behind the reader is ({@code measured}), the
     * thread starts at the low priority, if it may raise it again; otherwise it reads at the high one all
     * along (the kernel log, whose ring overwrites what a reader far behind has not read).
     */
    static ReaderPriority ofCurrentThread(boolean measured) {
        int tid;
        try {
            tid = LibC.gettid();
        } catch (UnsatisfiedLinkError e) {
            return new ReaderPriority(0, false);
        }
        boolean high = set(tid, BEHIND);
        if (!measured) return new ReaderPriority(tid, false);
        return new ReaderPriority(tid, high && set(tid, KEEPING_UP));
    }

    /**
     * After each poll: whether it came back full (more waiting), and how full the source's buffer is (asked
     * only after a full poll, it costs a system call).
     */
    void polled(boolean full, DoubleSupplier backlog) {
        if (!adjustable) return;
        if (!full) {
            if (high) high = !set(tid, KEEPING_UP);
        } else if (!high && backlog.getAsDouble() >= BEHIND_BACKLOG) {
            high = set(tid, BEHIND);
        }
    }

    /** Whether the thread now reads at the high priority (tests). */
    boolean high() {
        return high;
    }

    private static boolean set(int tid, int nice) {
        try {
            LibC.setpriority(LibC.PRIO_PROCESS, tid, nice);
            return true;
        } catch (LastErrorException e) {
            return false;
        }
    }
}
