package dev.syscage.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The collector thread's priority as the kernel sees it, while the reader keeps up and once it falls behind. */
class ReaderPriorityTest {
    /** The calling thread's nice value, field 19 of its stat line (after the parenthesised command name). */
    private static int nice() throws Exception {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[16]);
    }

    @Test
    void lowWhileKeepingUpHighOnceAQuarterOfTheBufferWaitsLowAgainOnceCaughtUp() throws Exception {
        List<Integer> seen = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        // on a thread of its own: the test runner's thread keeps its priority
        Thread t = new Thread(() -> {
            try {
                ReaderPriority p = ReaderPriority.ofCurrentThread();
                seen.add(nice());
                p.polled(true, () -> 0.2);
                p.polled(false, () -> 0.9);
                assertFalse(p.high(), "a full poll with less than a quarter of the buffer waiting, or a poll not full");
                seen.add(nice());
                p.polled(true, () -> 0.25);
                assertTrue(p.high());
                seen.add(nice());
                p.polled(true, () -> 0.01);
                seen.add(nice());
                p.polled(false, () -> 0);
                seen.add(nice());
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        t.join();
        if (failure.get() != null) throw new AssertionError(failure.get());
        assertEquals(List.of(10, 10, -10, -10, 10), seen);
    }
}
