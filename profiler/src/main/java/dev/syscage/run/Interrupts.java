package dev.syscage.run;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT, SIGTERM and SIGHUP while a run is under way go to syscage's handler instead of ending the JVM:
 * syscage must pass them on to the target and still write what it has seen. The JVM's own handlers come
 * back on close.
 */
final class Interrupts implements AutoCloseable {
    private static final List<String> NAMES = List.of("INT", "TERM", "HUP");

    private final List<Signal> taken = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private Interrupts() {
    }

    /** Calls {@code onSignal} with the signal's number, on a thread of the JVM's, for each one that arrives. */
    static Interrupts install(IntConsumer onSignal) {
        Interrupts out = new Interrupts();
        for (String name : NAMES) {
            Signal signal = new Signal(name);
            try {
                out.previous.add(Signal.handle(signal, s -> onSignal.accept(s.getNumber())));
                out.taken.add(signal);
            } catch (IllegalArgumentException e) {
                // ignored by whoever started syscage (nohup, a background job): it cannot arrive
            }
        }
        return out;
    }

    @Override
    public void close() {
        for (int i = 0; i < taken.size(); i++) Signal.handle(taken.get(i), previous.get(i));
    }
}
