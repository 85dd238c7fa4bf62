package dev.syscage.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The collector thread's priority as the kernel sees it, while the reader keeps up and once it falls behind. */
@Tag("kernel")
class ReaderPriorityTest {
    /** The calling thread's nice value, field 19 of its stat line (after the parenthesised command name). */
    private static int nice() throws Exception {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[16]);
    }

    /** Runs {@code steps} on a thread of its own: the test runner's thread keeps its priority. */
    private static List<Integer> onItsOwnThread(Callable<List<Integer>> steps) throws Exception {
        FutureTask<List<Integer>> task = new FutureTask<>(steps);
        Thread t = new Thread(task);
        t.start();
        return task.get();
    }

    @Test
    void lowWhileKeepingUpHighOnceAQuarterOfTheBufferWaitsLowAgainOnceCaughtUp() throws Exception {
        List<Integer> seen = onItsOwnThread(() -> {
            List<Integer> nice = new ArrayList<>();
            ReaderPriority p = ReaderPriority.ofCurrentThread(true);
            nice.add(nice());
            p.polled(true, () -> 0.2);
            p.polled(false, () -> 0.9);
            assertFalse(p.high(), "a full poll with less than a quarter of the buffer waiting, or a poll not full");
            nice.add(nice());
            p.polled(true, () -> 0.25);
            assertTrue(p.high());
            nice.add(nice());
            p.polled(true, () -> 0.01);
            nice.add(nice());
            p.polled(false, () -> 0);
            nice.add(nice());
            return nice;
        });
        assertEquals(List.of(10, 10, -10, -10, 10), seen);
    }

    @Test
    void aSourceThatCannotTellItsBacklogIsReadAtTheHighPriorityAllAlong() throws Exception {
        List<Integer> seen = onItsOwnThread(() -> {
            List<Integer> nice = new ArrayList<>();
            ReaderPriority p = ReaderPriority.ofCurrentThread(false);
            nice.add(nice());
            p.polled(false, () -> Double.NaN);
            p.polled(true, () -> Double.NaN);
            nice.add(nice());
            return nice;
        });
        assertEquals(List.of(-10, -10), seen);
    }
}
