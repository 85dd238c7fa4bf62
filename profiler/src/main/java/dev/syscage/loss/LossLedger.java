package dev.syscage.loss;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Everything one source has seen that bears on loss: the serial numbers of the records it showed, and
 * the loss signals it met on the way (netlink overruns, the kernel log's suppression and lost-counter
 * lines, ring-buffer overruns). Signals are placed by the highest serial seen when they came, so a
 * window of serials (one run) picks out its own: a long log with many runs does not blame one run for
 * another's loss. Used by one thread at a time (the collector's, then the caller's after it stopped).
 */
public final class LossLedger {
    private final SerialLedger serials = new SerialLedger();
    private final Set<LossMethod> applied = EnumSet.of(LossMethod.SERIAL_GAP);
    private final List<Signal> signals = new ArrayList<>();
    private final List<Signal> kernelLostValues = new ArrayList<>();

    /** A signal of {@code count} lost records after the record numbered {@code position}. */
    private record Signal(LossMethod method, long position, long count) {
    }

    /** @param methods the methods the source applies besides serial gaps (it can see these signals) */
    public LossLedger(LossMethod... methods) {
        applied.addAll(List.of(methods));
    }

    /** A record numbered {@code serial} was seen; false when it had been seen already (a duplicate). */
    public boolean serial(long serial) {
        return serials.see(serial);
    }

    public long highestSerial() {
        return serials.highest();
    }

    /** Serials from {@code firstOrAll} (negative: the first seen) to {@code last} not seen (yet). */
    public long unseen(long firstOrAll, long last) {
        return serials.unseen(firstOrAll < 0 ? serials.lowest() : firstOrAll, last);
    }

    /**
     * Where a run whose END marker never showed may have ended, given its last record seen: just before the
     * next record the source showed, since nothing in between was seen (the log's end when nothing followed).
     */
    public long openEnd(long lastSeen) {
        long next = serials.nextSeen(lastSeen);
        return next < 0 ? lastSeen : next - 1;
    }

    /** {@code count} records were lost just now, as {@code method} tells. */
    public void signal(LossMethod method, long count) {
        long position = serials.position();
        int last = signals.size() - 1;
        if (last >= 0 && signals.get(last).method() == method && signals.get(last).position() == position) {
            signals.set(last, new Signal(method, position, signals.get(last).count() + count));
        } else {
            signals.add(new Signal(method, position, count));
        }
    }

    /** The kernel printed its lost counter ({@code audit_lost=value}) just now. */
    public void kernelLost(long value) {
        kernelLostValues.add(new Signal(LossMethod.KERNEL_LOST, serials.position(), value));
    }

    /**
     * What each applied method counted for the records numbered {@code first} to {@code last}: unseen serials
     * in that range, signals that came between its first and last record, and the kernel's lost counter's
     * growth across it when the kernel printed it. A negative {@code first} means from the first record seen.
     * Serials may wrap inside the range (see {@link SerialLedger}).
     */
    public List<Evidence> within(long firstOrAll, long last) {
        long firstSerial = firstOrAll < 0 ? serials.lowest() : firstOrAll;
        long first = serials.position(firstSerial);
        long to = first + SerialLedger.length(firstSerial, last) - 1;
        List<Evidence> out = new ArrayList<>();
        for (LossMethod m : applied) {
            long n = switch (m) {
                case SERIAL_GAP -> serials.unseen(firstSerial, last);
                case KERNEL_LOST -> kernelLostGrowth(first, to);
                default -> signals.stream().filter(s -> s.method() == m && inside(s.position(), first, to))
                        .mapToLong(Signal::count).sum();
            };
            out.add(new Evidence(m, n));
        }
        return out;
    }

    /** A signal after record {@code position} concerns records from position + 1 on. */
    private static boolean inside(long position, long first, long last) {
        return position + 1 >= first && position < last;
    }

    private long kernelLostGrowth(long first, long last) {
        long before = -1;
        long firstInside = -1;
        long lastInside = -1;
        for (Signal s : kernelLostValues) {
            if (s.position() + 1 < first) before = s.count();
            else if (s.position() < last) {
                if (firstInside < 0) firstInside = s.count();
                lastInside = s.count();
            }
        }
        if (lastInside < 0) return 0;
        // Printed inside the run: the counter rose at least to its first value there.
        long base = before >= 0 && before <= lastInside ? before : firstInside - 1;
        return Math.max(1, lastInside - base);
    }
}
