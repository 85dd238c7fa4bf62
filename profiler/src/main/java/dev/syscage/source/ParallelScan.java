package dev.syscage.source;

import dev.syscage.record.LineSplitter;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Reads a saved log in blocks of whole lines and scans the blocks on every core, while the caller takes
 * their outcomes in file order. Scanning lines is what reading a big log costs (JFR: the parser and line
 * classification, not the counting), and what a record is attributed to (run, phase, duplicate or not)
 * depends on the records before it, so only the scanning is parallel. A few blocks are in flight at a
 * time, so memory does not grow with the log.
 */
final class ParallelScan implements AutoCloseable {
    /** Large enough that handing a block over costs nothing next to scanning it. */
    static final int BLOCK = 1 << 20;

    private final int blockSize;
    private final int window;
    private final ExecutorService workers;
    private volatile Throwable died;
    private final ThreadLocal<LineScanner> scanners = ThreadLocal.withInitial(LineScanner::new);

    /** @param blockSize bytes read at a time (tests use small ones to cut records across blocks) */
    ParallelScan(int blockSize) {
        int threads = Runtime.getRuntime().availableProcessors();
        this.blockSize = blockSize;
        this.window = 2 * threads;
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "syscage-scan");
            t.setDaemon(true);
            // Out of memory can strike a worker outside its task too; the reader reports it, once.
            t.setUncaughtExceptionHandler((thread, e) -> died = e);
            return t;
        });
    }

    /**
     * Reads {@code in} to its end and hands each block's lines to {@code apply}, in order. When reading
     * fails, the lines read before the failure are handed on first (a damaged archive is read up to the
     * damage), then the failure is thrown.
     */
    void read(InputStream in, Consumer<ScannedLines> apply) throws IOException {
        ArrayDeque<Future<ScannedLines>> inFlight = new ArrayDeque<>();
        byte[] buf = new byte[blockSize];
        int len = 0;
        boolean skipFirst = false;
        IOException failure = null;
        while (true) {
            boolean end = false;
            try {
                while (len < buf.length) {
                    int n = in.read(buf, len, buf.length - len);
                    if (n < 0) {
                        end = true;
                        break;
                    }
                    len += n;
                }
            } catch (IOException e) {
                failure = e;
                end = true;
            }
            if (end && len == 0) break;
            int cut = end ? len : lastLineBreak(buf, len) + 1;
            if (cut == 0) {
                // No line ends in the buffer: an overlong line is dropped to its end, a long one gets room.
                if (skipFirst || len >= LineSplitter.MAX_LINE) {
                    len = 0;
                    skipFirst = true;
                } else {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
                continue;
            }
            byte[] block = buf;
            boolean skip = skipFirst;
            inFlight.add(workers.submit(() -> scan(block, cut, skip)));
            skipFirst = false;
            buf = new byte[Math.max(blockSize, 2 * (len - cut))];
            System.arraycopy(block, cut, buf, 0, len - cut);
            len -= cut;
            while (!inFlight.isEmpty() && (inFlight.size() > window || inFlight.peek().isDone())) {
                apply.accept(result(inFlight.poll()));
            }
            if (end) break;
        }
        while (!inFlight.isEmpty()) apply.accept(result(inFlight.poll()));
        if (failure != null) throw failure;
    }

    private ScannedLines scan(byte[] block, int to, boolean skipFirst) {
        ScannedLines out = new ScannedLines();
        scanners.get().block(block, to, skipFirst, out);
        return out;
    }

    private static int lastLineBreak(byte[] b, int len) {
        for (int i = len - 1; i >= 0; i--) {
            if (b[i] == '\n') return i;
        }
        return -1;
    }

    private ScannedLines result(Future<ScannedLines> f) {
        try {
            while (true) {
                try {
                    return f.get(100, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // a worker that died outside its task leaves it unfinished: its cause is the reader's
                    if (died != null) throw unchecked(died);
                }
            }
        } catch (ExecutionException e) {
            throw unchecked(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the log", e);
        }
    }

    private static RuntimeException unchecked(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error err) throw err;
        return new IllegalStateException(t);
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
