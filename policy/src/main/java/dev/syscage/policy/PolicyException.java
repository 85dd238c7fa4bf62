package dev.syscage.policy;

import java.nio.file.Path;

/**
 * A profile that cannot be read or written. The message is one line, {@code FILE:LINE: what is
 * wrong; how to fix it}, because users see only the message, never a stack trace.
 */
public class PolicyException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String detail;

    /**
     * @param file   the file (or other source name) concerned
     * @param line   1-based line, 0 if unknown
     * @param detail "what is wrong; how to fix it"
     */
    public PolicyException(String file, int line, String detail) {
        this(file, line, detail, null);
    }

    public PolicyException(String file, int line, String detail, Throwable cause) {
        super(format(file, line, detail), cause);
        this.file = file;
        this.line = line;
        this.detail = detail;
    }

    public PolicyException(Path file, int line, String detail) {
        this(file.toString(), line, detail);
    }

    private static String format(String file, int line, String detail) {
        String where = file == null ? "<profile>" : file;
        String flat = detail.replace('\n', ' ').replace('\r', ' ');
        return line > 0 ? where + ":" + line + ": " + flat : where + ": " + flat;
    }

    public String file() {
        return file;
    }

    /** 1-based line, or 0 when the problem is not tied to a line. */
    public int line() {
        return line;
    }

    /** The message without the location. */
    public String detail() {
        return detail;
    }
}
