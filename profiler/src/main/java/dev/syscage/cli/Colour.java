package dev.syscage.cli;

import dev.syscage.source.LibC;

/** Colour only for a person at a terminal: stdout is a TTY and NO_COLOR (no-color.org) is unset or empty. */
final class Colour {
    private Colour() {
    }

    static boolean onStdout() {
        String noColour = System.getenv("NO_COLOR");
        return (noColour == null || noColour.isEmpty()) && LibC.isatty(1) == 1;
    }
}
