package dev.syscage.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syscage.loss.LossLedger;
import dev.syscage.record.AuditRecord;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The collector's polls: what it asks of its source, before and after the run is over. */
class CollectorTest {
    /** Records each poll's timeout and returns at once. */
    private static final class Polled implements RecordSource {
        final BlockingQueue<Integer> timeouts = new LinkedBlockingQueue<>();
        private final LossLedger ledger = new LossLedger();

        @Override
        public String name() {
            return "test";
        }

        @Override
        public boolean poll(Consumer<AuditRecord> sink, int timeoutMillis) throws java.io.IOException {
            timeouts.add(timeoutMillis);
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }

        @Override
        public LossLedger ledger() {
            return ledger;
        }

        @Override
        public String lossAdvice() {
            return "";
        }

        @Override
        public void close() {
        }

        /** The next poll's timeout after the ones already made. */
        int next() throws InterruptedException {
            timeouts.clear();
            Integer t = timeouts.poll(5, TimeUnit.SECONDS);
            return t == null ? -1 : t;
        }
    }

    @Test
    void startReturnsOnceTheThreadReadsAndHurryShortensThePollsThatFollow() throws Exception {
        Polled source = new Polled();
        try (Collector c = Collector.start(source, r -> { })) {
            assertTrue(source.timeouts.size() >= 1, "the first poll was made before start() returned");
            assertEquals(100, source.next(), "polls while the run goes on");
            c.hurry();
            // the poll in progress may still have the old timeout; the ones after it are short
            source.next();
            assertEquals(5, source.next());
        }
        assertEquals(List.of(), List.copyOf(source.timeouts).stream().filter(t -> t != 5).toList());
    }
}
