package dev.syscage.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syscage.policy.Metadata;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LossLedgerTest {
    private static Map<LossMethod, Long> counts(List<Evidence> evidence) {
        return evidence.stream().collect(Collectors.toMap(Evidence::method, Evidence::count));
    }

    @Test
    void signalsBelongToTheRunTheyCameIn() {
        LossLedger l = new LossLedger(LossMethod.KMSG_SUPPRESSED, LossMethod.ENOBUFS);
        l.serial(1);
        l.signal(LossMethod.ENOBUFS, 1);   // after 1: concerns 2 on
        l.serial(10);
        l.signal(LossMethod.KMSG_SUPPRESSED, 40);
        l.signal(LossMethod.KMSG_SUPPRESSED, 2);  // merged with the one before
        l.serial(20);
        l.serial(30);
        l.signal(LossMethod.ENOBUFS, 1);   // after the window 2..20

        Map<LossMethod, Long> run = counts(l.within(2, 20));
        assertEquals(1L, run.get(LossMethod.ENOBUFS));
        assertEquals(42L, run.get(LossMethod.KMSG_SUPPRESSED));
        assertEquals(8L + 9L, run.get(LossMethod.SERIAL_GAP)); // 2..9 and 11..19

        Map<LossMethod, Long> later = counts(l.within(21, 30));
        assertEquals(0L, later.get(LossMethod.KMSG_SUPPRESSED));
        assertEquals(0L, later.get(LossMethod.ENOBUFS), "signalled after 30: not this run's");
        assertEquals(9L, later.get(LossMethod.SERIAL_GAP));
    }

    @Test
    void withoutAStartTheRunIsJudgedFromTheFirstRecordSeen() {
        LossLedger l = new LossLedger(LossMethod.ENOBUFS);
        l.serial(5);
        l.signal(LossMethod.ENOBUFS, 1); // an overrun before anything of the run was recognised
        l.serial(50);
        Map<LossMethod, Long> all = counts(l.within(-1, 50));
        assertEquals(44L, all.get(LossMethod.SERIAL_GAP));
        assertEquals(1L, all.get(LossMethod.ENOBUFS));
        assertEquals(0L, counts(l.within(50, 50)).get(LossMethod.ENOBUFS), "after the START: not counted");
    }

    @Test
    void theKernelsLostLinesCountTheirGrowthInsideTheRun() {
        LossLedger l = new LossLedger(LossMethod.KERNEL_LOST);
        l.serial(1);
        l.kernelLost(5);
        l.serial(2);
        l.kernelLost(9);
        l.serial(3);
        l.kernelLost(12);
        l.serial(4);
        assertEquals(7L, counts(l.within(3, 4)).get(LossMethod.KERNEL_LOST), "from 5 before the run to 12");
        assertEquals(3L, counts(l.within(4, 4)).get(LossMethod.KERNEL_LOST), "printed after 3: concerns 4 on");
        l.serial(5);
        assertEquals(0L, counts(l.within(5, 5)).get(LossMethod.KERNEL_LOST));
        LossLedger alone = new LossLedger(LossMethod.KERNEL_LOST);
        alone.serial(1);
        alone.kernelLost(100);
        alone.serial(2);
        assertEquals(1L, counts(alone.within(1, 2)).get(LossMethod.KERNEL_LOST), "printed: at least one");
    }

    @Test
    void theReportTakesTheLargestCountAndNamesCauseAndFix() {
        LossReport r = new LossReport().addAll(List.of(new Evidence(LossMethod.SERIAL_GAP, 12),
                new Evidence(LossMethod.KMSG_SUPPRESSED, 40), new Evidence(LossMethod.MARKERS, 0)));
        r.add(new Evidence(LossMethod.KMSG_SUPPRESSED, 3));
        assertEquals(40, r.lost());
        assertEquals("serial-gap 12, kmsg-suppressed 40", r.found());
        assertEquals(List.of(new Metadata.Loss("serial-gap", 12), new Metadata.Loss("kmsg-suppressed", 40),
                new Metadata.Loss("markers", 0)), r.metadata());
        assertEquals("use --source netlink", r.advice("use --source netlink"));

        LossReport kernel = new LossReport().add(new Evidence(LossMethod.KERNEL_LOST, 3))
                .add(new Evidence(LossMethod.SERIAL_GAP, 0));
        assertTrue(kernel.advice("x").contains("auditctl -b"), kernel.advice("x"));
        assertFalse(kernel.advice("x").contains("x;"), "the source lost nothing itself");
        assertEquals(0, new LossReport().add(new Evidence(LossMethod.SERIAL_GAP, 0)).lost());
    }

    @Test
    void signalsAcrossTheWrapOfTheSerialCounterBelongToTheirRun() {
        LossLedger l = new LossLedger(LossMethod.ENOBUFS);
        l.serial(0xFFFF_FFF0L);
        l.serial(0xFFFF_FFFFL);
        l.signal(LossMethod.ENOBUFS, 1);
        l.serial(0);
        l.serial(5);
        Map<LossMethod, Long> run = counts(l.within(0xFFFF_FFF0L, 5));
        assertEquals(1L, run.get(LossMethod.ENOBUFS));
        assertEquals(18L, run.get(LossMethod.SERIAL_GAP), "14 before the wrap, 4 after");
    }
}
