package dev.syscage.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {
    private final List<String> lines = new ArrayList<>();
    private final LineSplitter.Handler handler =
            (b, from, to) -> lines.add(new String(b, from, to - from, StandardCharsets.ISO_8859_1));

    /** A stream that hands out its bytes a few at a time, as a file being written does. */
    private static InputStream trickle(String text, int chunk) {
        byte[] all = text.getBytes(StandardCharsets.ISO_8859_1);
        return new InputStream() {
            int at;

            @Override
            public int read() {
                return at < all.length ? all[at++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (at >= all.length) return -1;
                int n = Math.min(Math.min(len, chunk), all.length - at);
                System.arraycopy(all, at, b, off, n);
                at += n;
                return n;
            }
        };
    }

    @Test
    void keepsPartialLinesUntilTheirEnd() throws IOException {
        LineSplitter s = new LineSplitter();
        InputStream in = trickle("one\ntwo\r\nthree\n\nfour", 3);
        while (s.read(in, handler) >= 0) {
            // reading
        }
        assertEquals(List.of("one", "two", "three", ""), lines);
        s.finish(handler);
        assertEquals(List.of("one", "two", "three", "", "four"), lines);
    }

    @Test
    void skipsALineLongerThanTheBuffer() throws IOException {
        LineSplitter s = new LineSplitter();
        String huge = "x".repeat(300_000);
        InputStream in = new ByteArrayInputStream(("a\n" + huge + "\nb\n").getBytes(StandardCharsets.ISO_8859_1));
        while (s.read(in, handler) >= 0) {
            // reading
        }
        s.finish(handler);
        assertEquals(List.of("a", "b"), lines);
    }

    @Test
    void resetForgetsAPartialLine() throws IOException {
        LineSplitter s = new LineSplitter();
        s.read(new ByteArrayInputStream("half".getBytes(StandardCharsets.ISO_8859_1)), handler);
        s.reset();
        s.read(new ByteArrayInputStream("whole\n".getBytes(StandardCharsets.ISO_8859_1)), handler);
        assertEquals(List.of("whole"), lines);
    }
}
