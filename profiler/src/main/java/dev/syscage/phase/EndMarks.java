package dev.syscage.phase;

import dev.syscage.nativeparts.NativeContract;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * Recognises the END of one run: the two END markers that carry its 48-bit end key (high half, then low half),
 * one right after the other from one process (native/README.md, "Markers"). A process that sends any other END
 * marker in between starts over, so guessing takes a pair of right halves in a row: 2^48 markers on average, not
 * 2^24. Live, syscage knows the key and the pids of the {@code --mark-end} processes it started, and takes END
 * from those pids only: the pid proves it, so either half ends the run, and a lossy source (the rate-limited
 * kernel log) need pass only one of the two records. From a log, the key is what the launcher announced in its
 * KEY markers.
 */
public final class EndMarks {
    private final LongPredicate sender;
    /** Live: only syscage's own processes are senders, so one half of the key is enough. */
    private final boolean ownSenders;
    private long high = -1;
    private long low = -1;
    /** Processes whose last END marker was the key's high half. */
    private final Set<Long> halfway = new HashSet<>();

    private EndMarks(LongPredicate sender, boolean ownSenders) {
        this.sender = sender;
        this.ownSenders = ownSenders;
    }

    /** A live run's: {@code key} is known, and only processes {@code sender} accepts can end the run. */
    public static EndMarks known(long key, LongPredicate sender) {
        EndMarks e = new EndMarks(sender, true);
        e.high = NativeContract.keyHigh(key);
        e.low = NativeContract.keyLow(key);
        return e;
    }

    /** A logged run's: the key is learned from the launcher's KEY markers ({@link #announce}). */
    public static EndMarks announced() {
        return new EndMarks(pid -> true, false);
    }

    /** One half of the key, from a KEY marker of the run's launcher (high first); false once both are known. */
    boolean announce(int half) {
        if (high < 0) high = half;
        else if (low < 0) low = half;
        else return false;
        return true;
    }

    /** True once both halves of the key are known. */
    boolean known() {
        return low >= 0;
    }

    /** The outcome of one END marker. */
    public enum Step { NOT_OURS, HALFWAY, ENDED }

    /** Takes an END marker with {@code payload} from {@code pid}. */
    public Step end(long pid, int payload) {
        if (!known() || !sender.test(pid)) return Step.NOT_OURS;
        if (ownSenders) return payload == high || payload == low ? Step.ENDED : Step.NOT_OURS;
        if (payload == low && halfway.remove(pid)) return Step.ENDED;
        halfway.remove(pid);
        if (payload != high) return Step.NOT_OURS;
        halfway.add(pid);
        return Step.HALFWAY;
    }
}
