package dev.syscage.source;

/** The audit records cannot be read here; the message says why and what grants access. */
public final class AuditAccessException extends Exception {
    private static final long serialVersionUID = 1L;

    public AuditAccessException(String message) {
        super(message);
    }
}
