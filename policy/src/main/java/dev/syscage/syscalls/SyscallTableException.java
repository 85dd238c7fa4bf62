package dev.syscage.syscalls;

/** libseccomp is unusable; the message is one line saying what is wrong and how to fix it. */
public class SyscallTableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SyscallTableException(String message, Throwable cause) {
        super(message, cause);
    }
}
