package dev.syscage.phase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syscage.nativeparts.NativeContract;
import dev.syscage.nativeparts.NativeContract.MarkerKind;
import dev.syscage.record.AuditRecord;
import dev.syscage.record.RecordParser;
import org.junit.jupiter.api.Test;

/**
 * The marker protocol of native/README.md, record by record. The end-to-end tests run it against the
 * kernel; these pin the rules, including the orders the kernel can deliver.
 */
class SessionTrackerTest {
    private static final long X86_64 = 0xc000003eL;
    private static final long CLOSE = 3;
    private static final int TOKEN = 4242;
    private int serial = 100;

    private AuditRecord record(long ses, long pid, long syscall) {
        return record(ses, pid, syscall, "c000003e", 0);
    }

    private AuditRecord record(long ses, long pid, long syscall, String arch, int compat) {
        return RecordParser.parse("audit(1795359547.897:" + serial++ + "): auid=0 uid=0 gid=0 ses=" + ses + " pid="
                + pid + " comm=\"t\" exe=\"/bin/t\" sig=0 arch=" + arch + " syscall=" + syscall + " compat=" + compat
                + " ip=0x1 code=0x7ffc0000");
    }

    private AuditRecord marker(MarkerKind kind, int token, long ses, long pid) {
        return record(ses, pid, NativeContract.markerNumber(kind, token));
    }

    @Test
    void splitsPhasesByAuditSession() {
        SessionTracker t = new SessionTracker(TOKEN, X86_64, CLOSE);
        assertEquals(Verdict.OTHER, t.accept(record(7, 10, 0)), "nothing is ours before START");
        assertEquals(Verdict.MARKER, t.accept(marker(MarkerKind.START, TOKEN, 7, 10)));
        assertEquals(Verdict.INIT, t.accept(record(7, 10, 59)));
        assertEquals(Verdict.MARKER, t.accept(marker(MarkerKind.MAIN, TOKEN, 8, 10)));
        assertEquals(Verdict.BOOKKEEPING, t.accept(record(8, 10, CLOSE)), "the library's own close");
        assertEquals(Verdict.MAIN, t.accept(record(8, 10, CLOSE)), "only the first close is the library's");
        assertEquals(Verdict.MAIN, t.accept(record(8, 11, 1)), "a child inherits the main session");
        assertEquals(Verdict.INIT, t.accept(record(7, 12, 1)), "a child forked before the boundary stays init");
        assertEquals(Verdict.OTHER, t.accept(record(9, 13, 1)), "another session is not ours");
        assertEquals(10, t.rootPid());
        assertEquals(Verdict.MARKER, t.accept(marker(MarkerKind.NUDGE, TOKEN, 1, 98)), "syscage's nudge beside the run");
        assertEquals(java.util.Set.of(7L, 8L), t.sessions(), "a nudge starts no session");
        assertEquals(Verdict.MAIN, t.accept(record(8, 11, 1)), "and changes nothing");
        assertFalse(t.ended());
        assertEquals(Verdict.MARKER, t.accept(marker(MarkerKind.END, TOKEN, 1, 99)));
        assertTrue(t.ended());
    }

    @Test
    void threadsThatPredateTheBoundaryAreMainAfterTheirProcessCrossedIt() {
        SessionTracker t = new SessionTracker(TOKEN, X86_64, CLOSE);
        t.accept(marker(MarkerKind.START, TOKEN, 7, 10));
        assertEquals(Verdict.INIT, t.accept(record(7, 10, 56)), "a library constructor starts a thread");
        t.accept(marker(MarkerKind.MAIN, TOKEN, 8, 10));
        assertEquals(Verdict.MAIN, t.accept(record(7, 10, 110)), "that thread keeps ses 7 but is under TSYNC");
        assertEquals(Verdict.BOOKKEEPING, t.accept(record(8, 10, CLOSE)), "the thread's record did not eat the close");
        assertEquals(Verdict.INIT, t.accept(record(7, 12, 1)), "another init-phase process stays init");
    }

    @Test
    void ignoresOtherRunsMarkers() {
        SessionTracker t = new SessionTracker(TOKEN, X86_64, CLOSE);
        assertEquals(Verdict.OTHER, t.accept(marker(MarkerKind.START, TOKEN + 1, 7, 10)));
        assertFalse(t.started());
        t.accept(marker(MarkerKind.START, TOKEN, 20, 30));
        assertEquals(Verdict.OTHER, t.accept(marker(MarkerKind.MAIN, TOKEN + 1, 21, 31)));
        assertEquals(Verdict.OTHER, t.accept(record(21, 31, 1)), "the other run's main session stays theirs");
        assertEquals(Verdict.OTHER, t.accept(marker(MarkerKind.END, TOKEN + 1, 1, 1)));
        assertFalse(t.ended());
    }

    @Test
    void aMarkerNumberThroughAnotherAbiIsACall() {
        SessionTracker t = new SessionTracker(TOKEN, X86_64, CLOSE);
        t.accept(marker(MarkerKind.START, TOKEN, 7, 10));
        long number = NativeContract.markerNumber(MarkerKind.MAIN, TOKEN);
        assertEquals(Verdict.INIT, t.accept(record(7, 10, number, "40000003", 1)));
    }

    @Test
    void fallsBackToThePidWhenTheBoundaryGotNoNewSession() {
        SessionTracker t = new SessionTracker(TOKEN, X86_64, CLOSE);
        t.accept(marker(MarkerKind.START, TOKEN, 7, 10));
        t.accept(marker(MarkerKind.MAIN, TOKEN, 7, 10));
        assertEquals(Verdict.BOOKKEEPING, t.accept(record(7, 10, CLOSE)));
        assertEquals(Verdict.MAIN, t.accept(record(7, 10, 1)));
        assertEquals(Verdict.INIT, t.accept(record(7, 11, 1)));
        assertEquals(1, t.warnings().size());
    }

    @Test
    void aRunWhoseStartMarkerWasLostIsFoundByTheLaunchersReport() {
        SessionTracker t = new SessionTracker(TOKEN, X86_64, CLOSE);
        assertEquals(Verdict.OTHER, t.accept(record(7, 10, 59)), "nothing is ours before we know the session");
        t.expect(7, 10);
        assertTrue(t.started());
        assertFalse(t.startSeen());
        assertEquals(Verdict.INIT, t.accept(record(7, 10, 12)));
        assertEquals(Verdict.MARKER, t.accept(marker(MarkerKind.MAIN, TOKEN, 8, 10)));
        assertEquals(Verdict.MAIN, t.accept(record(8, 10, 1)));
        assertEquals(java.util.Set.of(7L, 8L), t.sessions());
    }

    @Test
    void aSecondStartWithTheSameTokenIsAnotherRuns() {
        SessionTracker t = new SessionTracker(TOKEN, X86_64, CLOSE);
        assertEquals(Verdict.MARKER, t.accept(marker(MarkerKind.START, TOKEN, 7, 10)));
        assertEquals(Verdict.OTHER, t.accept(marker(MarkerKind.START, TOKEN, 30, 40)));
        assertEquals(Verdict.INIT, t.accept(record(7, 10, 1)));
        assertEquals(Verdict.OTHER, t.accept(record(30, 40, 1)));
        SessionTracker late = new SessionTracker(TOKEN, X86_64, CLOSE);
        late.expect(7, 10);
        assertEquals(Verdict.MARKER, late.accept(marker(MarkerKind.START, TOKEN, 7, 10)), "the report came first");
        assertTrue(late.startSeen());
    }

    @Test
    void markersOfAnotherMachinesAbiSplitItsPhases() {
        // A log from an aarch64 machine: markers come through aarch64, whose close is 57.
        SessionTracker t = new SessionTracker(TOKEN, arch -> arch == 0xc00000b7L ? 57 : -1);
        String aarch64 = "c00000b7";
        assertEquals(Verdict.MARKER, t.accept(record(7, 10, NativeContract.markerNumber(MarkerKind.START, TOKEN),
                aarch64, 0)));
        assertEquals(Verdict.INIT, t.accept(record(7, 10, 221, aarch64, 0)));
        assertEquals(Verdict.MARKER, t.accept(record(8, 10, NativeContract.markerNumber(MarkerKind.MAIN, TOKEN),
                aarch64, 0)));
        assertEquals(Verdict.BOOKKEEPING, t.accept(record(8, 10, 57, aarch64, 0)));
        assertEquals(Verdict.MAIN, t.accept(record(8, 10, 64, aarch64, 0)));
        assertEquals(Verdict.MAIN, t.accept(record(8, 10, 57, aarch64, 0)), "only the first close is the library's");
    }
}
