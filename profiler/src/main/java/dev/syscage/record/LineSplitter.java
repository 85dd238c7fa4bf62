package dev.syscage.record;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Cuts a byte stream (a log file being appended to, a decompressed archive) into lines without decoding
 * it, and keeps a partial last line until the rest arrives: auditd may have written half a line when
 * syscage reads. A line longer than the buffer cannot be an audit record (the kernel caps them at
 * 8970 bytes) and is skipped up to its end.
 */
public final class LineSplitter {
    private static final int SIZE = 1 << 17;
    /** Lines this long or longer (without the line break) are dropped. */
    public static final int MAX_LINE = SIZE;

    /** Receives one line, without its line break, as {@code b[from, to)}; valid only during the call. */
    @FunctionalInterface
    public interface Handler {
        void line(byte[] b, int from, int to);
    }

    private final byte[] buf = new byte[SIZE];
    private final ByteBuffer view = ByteBuffer.wrap(buf);
    private int len;
    private boolean skipping;

    /** Reads what {@code in} has now and hands on the complete lines; returns the bytes read, -1 at its end. */
    public int read(InputStream in, Handler handler) throws IOException {
        int n = in.read(buf, len, SIZE - len);
        if (n > 0) split(n, handler);
        return n;
    }

    /** The same for a channel (a log file followed by position). */
    public int read(ReadableByteChannel in, Handler handler) throws IOException {
        view.limit(SIZE).position(len);
        int n = in.read(view);
        if (n > 0) split(n, handler);
        return n;
    }

    /** Input ended: hands on the last line if it had no line break (a truncated line parses or is skipped). */
    public void finish(Handler handler) {
        if (len > 0 && !skipping) emit(0, len, handler);
        len = 0;
        skipping = false;
    }

    /** Forgets a partial line (the file it came from was replaced). */
    public void reset() {
        len = 0;
        skipping = false;
    }

    private void split(int n, Handler handler) {
        int scanFrom = len;
        len += n;
        int start = 0;
        for (int i = Bytes.lineBreak(buf, scanFrom, len); i >= 0; i = Bytes.lineBreak(buf, i + 1, len)) {
            if (!skipping) emit(start, i, handler);
            skipping = false;
            start = i + 1;
        }
        if (start == 0 && len == SIZE) {
            skipping = true; // an overlong line: drop what we have and its rest
            len = 0;
            return;
        }
        System.arraycopy(buf, start, buf, 0, len - start);
        len -= start;
    }

    private void emit(int from, int to, Handler handler) {
        handler.line(buf, from, end(buf, from, to));
    }

    /** The first line break in {@code b[from, to)}, or -1. */
    public static int lineBreak(byte[] b, int from, int to) {
        return Bytes.lineBreak(b, from, to);
    }

    /** The end of the line {@code b[from, to)} without a CR of a CRLF line break. */
    public static int end(byte[] b, int from, int to) {
        return to > from && b[to - 1] == '\r' ? to - 1 : to;
    }
}
