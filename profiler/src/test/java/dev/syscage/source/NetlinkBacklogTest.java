package dev.syscage.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syscage.nativeparts.NativeParts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The netlink socket's backlog, which sets the collector's priority: records waiting, as the kernel counts them. */
@Tag("kernel")
class NetlinkBacklogTest {
    @TempDir
    Path dir;

    @Test
    void recordsLeftUnreadFillTheBufferAndReadingThemEmptiesIt() throws Exception {
        Path stress = Path.of(System.getProperty("syscage.samples", "../samples/build"), "stress").toAbsolutePath();
        Path empty = Files.writeString(dir.resolve("empty.policy"), "syscage-policy 1\narch x86_64\n");
        try (NetlinkSource source = NetlinkSource.open()) {
            assertTrue(source.backlog() < 0.01, "nothing waits yet: " + source.backlog());
            // 300,000 logged calls, about 250 MB as the kernel counts them (of 512 MiB), and nobody reading meanwhile
            Process p = new ProcessBuilder(NativeParts.unpack().launcher().toString(), "--policy", empty.toString(),
                    "--action", "log", "--no-preload", "--", stress.toString(), "300000", "1", "0")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertEquals(0, p.waitFor());
            double waiting = source.backlog();
            assertTrue(waiting > 0.25, "a quarter of the buffer or more waits: " + waiting);
            AtomicLong records = new AtomicLong();
            boolean full = true;
            while (full) full = source.poll(r -> records.incrementAndGet(), 100);
            assertTrue(records.get() >= 300_000, "read " + records.get());
            assertTrue(source.backlog() < 0.01, "read: " + source.backlog());
        }
    }
}
