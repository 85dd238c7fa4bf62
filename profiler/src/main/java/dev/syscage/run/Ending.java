package dev.syscage.run;

/**
 * How a run ended, when syscage ended it: the first signal syscage got and passed on (0: none), whether
 * the {@code --timeout} deadline came first, and how many processes syscage signalled.
 */
public record Ending(int signal, boolean timedOut, int signalled) {
    /** syscage was told to stop: the run is cut short, and what it would have done next is missing. */
    public boolean interrupted() {
        return signal != 0;
    }

    /** The signal's name as kill(1) spells it. */
    public String signalName() {
        return switch (signal) {
            case 1 -> "SIGHUP";
            case 2 -> "SIGINT";
            case 15 -> "SIGTERM";
            default -> "signal " + signal;
        };
    }
}
