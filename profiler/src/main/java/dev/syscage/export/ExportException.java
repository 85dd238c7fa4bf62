package dev.syscage.export;

/** The profile holds something the format cannot express; the message says what and how to fix it. */
public final class ExportException extends Exception {
    private static final long serialVersionUID = 1L;

    public ExportException(String message) {
        super(message);
    }
}
