package dev.syscage.phase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syscage.nativeparts.NativeContract;
import dev.syscage.nativeparts.NativeContract.MarkerKind;
import dev.syscage.record.AuditRecord;
import dev.syscage.record.RecordParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The marker protocol of native/README.md, record by record. The end-to-end tests run it against the
 * kernel; these pin the rules, including the orders the kernel can deliver.
 */
class SessionTrackerTest {
    private static final long X86_64 = 0xc000003eL;
    private static final long CLOSE = 3;
    /** x86_64's numbers of the library's own calls (OwnCalls), as libseccomp names them. */
    private static final Map<String, Long> X86_64_OWN = Map.of("close", CLOSE, "prctl", 157L, "seccomp", 317L,
            "openat", 257L, "write", 1L);
    private static final OwnCalls OWN = new OwnCalls((arch, name) -> arch == X86_64 ? X86_64_OWN.get(name) : -1);
    private static final int TOKEN = 4242;
    private static final long KEY = 0x123456789ABCL;
    /** The pid of the --mark-end process syscage started. */
    private static final long MARK_END = 99;
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

    private AuditRecord record(long ses, long pid, long syscall, String exe) {
        return RecordParser.parse("audit(1795359547.897:" + serial++ + "): auid=0 uid=0 gid=0 ses=" + ses + " pid="
                + pid + " comm=\"t\" exe=\"" + exe + "\" sig=0 arch=c000003e syscall=" + syscall
                + " compat=0 ip=0x1 code=0x7ffc0000");
    }

    /** A live run's tracker, started from the launcher's report (ses 7, pid 10). */
    private static SessionTracker live() {
        SessionTracker t = SessionTracker.live(TOKEN, KEY, pid -> pid == MARK_END, OWN);
        t.expect(7, 10);
        return t;
    }

    private static SessionTracker ofLog() {
        return SessionTracker.ofLog(TOKEN, OWN);
    }

    /** START and the launcher's two KEY markers, as a log holds them. */
    private void start(SessionTracker t, long ses, long pid) {
        assertEquals(Verdict.MARKER, t.accept(marker(MarkerKind.START, TOKEN, ses, pid)));
        assertEquals(Verdict.MARKER, t.accept(marker(MarkerKind.KEY, NativeContract.keyHigh(KEY), ses, pid)));
        assertEquals(Verdict.MARKER, t.accept(marker(MarkerKind.KEY, NativeContract.keyLow(KEY), ses, pid)));
    }

    /** The preload's boundary: CROSS from the old session, MAIN from the new one. */
    private void cross(SessionTracker t, long from, long to, long pid) {
        assertEquals(Verdict.MARKER, t.accept(marker(MarkerKind.CROSS, TOKEN, from, pid)));
        assertEquals(Verdict.MARKER, t.accept(marker(MarkerKind.MAIN, TOKEN, to, pid)));
    }

    /** The two END markers of KEY from PID: the verdict of the second. */
    private Verdict end(SessionTracker t, long pid) {
        t.accept(marker(MarkerKind.END, NativeContract.keyHigh(KEY), 1, pid));
        return t.accept(marker(MarkerKind.END, NativeContract.keyLow(KEY), 1, pid));
    }

    @Test
    void splitsPhasesByAuditSession() {
        SessionTracker t = ofLog();
        assertEquals(Verdict.OTHER, t.accept(record(7, 10, 0)), "nothing is ours before START");
        start(t, 7, 10);
        assertEquals(Verdict.INIT, t.accept(record(7, 10, 59)));
        cross(t, 7, 8, 10);
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
        assertEquals(Verdict.END, end(t, 99));
        assertTrue(t.ended());
        assertTrue(t.warnings().isEmpty(), t.warnings().toString());
    }

    /** Between CROSS and MAIN the constructor installs its filter and writes the login uid: not the program's. */
    @Test
    void theLibrarysCallsBetweenCrossAndMainAreItsOwn() {
        SessionTracker t = live();
        t.accept(marker(MarkerKind.START, TOKEN, 7, 10));
        assertEquals(Verdict.INIT, t.accept(record(7, 10, 157)), "the program's own prctl before the boundary");
        assertEquals(Verdict.MARKER, t.accept(marker(MarkerKind.CROSS, TOKEN, 7, 10)));
        for (long own : new long[] {157, 317, 317, 257, 1}) {
            assertEquals(Verdict.BOOKKEEPING, t.accept(record(7, 10, own)), "prctl, seccomp, openat, write: " + own);
        }
        assertEquals(Verdict.INIT, t.accept(record(7, 10, 56)), "another call (a thread's) is the program's");
        assertEquals(Verdict.INIT, t.accept(record(7, 12, 317)), "another process's seccomp is the program's");
        assertEquals(Verdict.MARKER, t.accept(marker(MarkerKind.MAIN, TOKEN, 8, 10)));
        assertEquals(Verdict.BOOKKEEPING, t.accept(record(8, 10, CLOSE)));
        assertEquals(Verdict.MAIN, t.accept(record(8, 10, 317)), "after MAIN a seccomp is the program's again");
        assertEquals(Verdict.MAIN, t.accept(record(7, 10, 157)), "so is a prctl of a thread that kept the session");
    }

    @Test
    void aChainOfProgramsCrossesFromMainSessions() {
        SessionTracker t = live();
        assertEquals(Verdict.MARKER, t.accept(marker(MarkerKind.START, TOKEN, 7, 10)));
        cross(t, 7, 8, 10);
        cross(t, 8, 9, 11); // a main-phase child executes another dynamic program
        assertEquals(Verdict.MAIN, t.accept(record(9, 11, 1)));
        assertEquals(java.util.Set.of(7L, 8L, 9L), t.sessions());
    }

    @Test
    void threadsThatPredateTheBoundaryAreMainAfterTheirProcessCrossedIt() {
        SessionTracker t = live();
        t.accept(marker(MarkerKind.START, TOKEN, 7, 10));
        assertEquals(Verdict.INIT, t.accept(record(7, 10, 56)), "a library constructor starts a thread");
        cross(t, 7, 8, 10);
        assertEquals(Verdict.MAIN, t.accept(record(7, 10, 110)), "that thread keeps ses 7 but is under TSYNC");
        assertEquals(Verdict.BOOKKEEPING, t.accept(record(8, 10, CLOSE)), "the thread's record did not eat the close");
        assertEquals(Verdict.INIT, t.accept(record(7, 12, 1)), "another init-phase process stays init");
    }

    @Test
    void ignoresOtherRunsMarkers() {
        SessionTracker t = ofLog();
        assertEquals(Verdict.OTHER, t.accept(marker(MarkerKind.START, TOKEN + 1, 7, 10)));
        assertFalse(t.started());
        start(t, 20, 30);
        assertEquals(Verdict.OTHER, t.accept(marker(MarkerKind.CROSS, TOKEN + 1, 20, 30)));
        assertEquals(Verdict.OTHER, t.accept(marker(MarkerKind.MAIN, TOKEN + 1, 21, 30)));
        assertEquals(Verdict.OTHER, t.accept(record(21, 31, 1)), "the other run's main session stays theirs");
        assertEquals(Verdict.OTHER, t.accept(marker(MarkerKind.END, TOKEN + 1, 1, 1)));
        assertFalse(t.ended());
    }

    /**
     * Issue 14, item 1, record by record: a process outside the run knows the token (argv, environment) and sends
     * every marker with it, and guesses at the end key; none of it changes the run.
     */
    @Test
    void markersFromOutsideTheRunChangeNothing() {
        for (SessionTracker t : new SessionTracker[] {live(), ofLog()}) {
            start(t, 7, 10);
            long attacker = 500;
            long ses = 40;
            assertEquals(Verdict.OTHER, t.accept(marker(MarkerKind.START, TOKEN, ses, attacker)), "a second START");
            assertEquals(Verdict.OTHER, t.accept(marker(MarkerKind.KEY, 1, ses, attacker)), "a KEY from elsewhere");
            assertEquals(Verdict.OTHER, t.accept(marker(MarkerKind.MAIN, TOKEN, ses, attacker)), "MAIN without CROSS");
            assertEquals(Verdict.OTHER, t.accept(marker(MarkerKind.CROSS, TOKEN, ses, attacker)),
                    "CROSS from a session not of the run");
            assertEquals(Verdict.OTHER, t.accept(marker(MarkerKind.MAIN, TOKEN, ses + 1, attacker)));
            // The attacker runs the victim's program with the victim's pid in mind: a MAIN of the run's pid from
            // another session before the run's own CROSS.
            assertEquals(Verdict.OTHER, t.accept(marker(MarkerKind.MAIN, TOKEN, ses, 10)));
            assertEquals(Verdict.OTHER, t.accept(record(ses, attacker, 101)), "ptrace from the attacker");
            assertEquals(java.util.Set.of(7L), t.sessions());
            // END: the token, the key's halves one at a time and out of order, and every value from one process
            assertEquals(Verdict.OTHER, t.accept(marker(MarkerKind.END, TOKEN, 1, attacker)));
            assertEquals(Verdict.OTHER, t.accept(marker(MarkerKind.END, NativeContract.keyLow(KEY), 1, attacker)));
            t.accept(marker(MarkerKind.END, NativeContract.keyHigh(KEY), 1, attacker));
            t.accept(marker(MarkerKind.END, 12345, 1, attacker));
            assertEquals(Verdict.OTHER, t.accept(marker(MarkerKind.END, NativeContract.keyLow(KEY), 1, attacker)),
                    "the halves must come one right after the other");
            assertFalse(t.ended());
            assertEquals(Verdict.INIT, t.accept(record(7, 10, 231)), "the run goes on");
        }
        SessionTracker t = live();
        t.accept(marker(MarkerKind.START, TOKEN, 7, 10));
        assertEquals(Verdict.OTHER, end(t, 500), "live, only syscage's --mark-end process can end the run");
        assertEquals(Verdict.OTHER, t.accept(marker(MarkerKind.END, 12345, 1, MARK_END)), "with the key");
        assertFalse(t.ended());
        assertEquals(Verdict.END, t.accept(marker(MarkerKind.END, NativeContract.keyLow(KEY), 1, MARK_END)),
                "live, either half is enough (a lossy source may drop the other)");
        assertTrue(t.ended());
    }

    @Test
    void aLiveRunStartsFromTheReportNotFromAMarker() {
        SessionTracker t = SessionTracker.live(TOKEN, KEY, pid -> pid == MARK_END, OWN);
        assertEquals(Verdict.OTHER, t.accept(marker(MarkerKind.START, TOKEN, 40, 500)), "before the report");
        assertFalse(t.started());
        t.expect(7, 10);
        assertEquals(Verdict.OTHER, t.accept(marker(MarkerKind.START, TOKEN, 40, 500)), "not the report's session");
        assertFalse(t.startSeen());
        assertEquals(Verdict.MARKER, t.accept(marker(MarkerKind.START, TOKEN, 7, 10)));
        assertTrue(t.startSeen());
        assertEquals(java.util.Set.of(7L), t.sessions());
    }

    @Test
    void aMarkerNumberThroughAnotherAbiIsACall() {
        SessionTracker t = live();
        t.accept(marker(MarkerKind.START, TOKEN, 7, 10));
        long number = NativeContract.markerNumber(MarkerKind.MAIN, TOKEN);
        assertEquals(Verdict.INIT, t.accept(record(7, 10, number, "40000003", 1)));
    }

    @Test
    void fallsBackToThePidWhenTheBoundaryGotNoNewSession() {
        SessionTracker t = live();
        t.accept(marker(MarkerKind.START, TOKEN, 7, 10));
        cross(t, 7, 7, 10);
        assertEquals(Verdict.BOOKKEEPING, t.accept(record(7, 10, CLOSE)));
        assertEquals(Verdict.MAIN, t.accept(record(7, 10, 1)));
        assertEquals(Verdict.INIT, t.accept(record(7, 11, 1)));
        assertEquals(1, t.warnings().size());
    }

    @Test
    void aRunWhoseStartMarkerWasLostIsFoundByTheLaunchersReport() {
        SessionTracker t = SessionTracker.live(TOKEN, KEY, pid -> pid == MARK_END, OWN);
        assertEquals(Verdict.OTHER, t.accept(record(7, 10, 59)), "nothing is ours before we know the session");
        t.expect(7, 10);
        assertTrue(t.started());
        assertFalse(t.startSeen());
        assertEquals(Verdict.INIT, t.accept(record(7, 10, 12)));
        cross(t, 7, 8, 10);
        assertEquals(Verdict.MAIN, t.accept(record(8, 10, 1)));
        assertEquals(java.util.Set.of(7L, 8L), t.sessions());
    }

    @Test
    void aSecondStartWithTheSameTokenIsAnotherRuns() {
        SessionTracker t = ofLog();
        start(t, 7, 10);
        assertEquals(Verdict.OTHER, t.accept(marker(MarkerKind.START, TOKEN, 30, 40)));
        assertEquals(Verdict.INIT, t.accept(record(7, 10, 1)));
        assertEquals(Verdict.OTHER, t.accept(record(30, 40, 1)));
        SessionTracker late = live();
        assertEquals(Verdict.MARKER, late.accept(marker(MarkerKind.START, TOKEN, 7, 10)), "the report came first");
        assertTrue(late.startSeen());
    }

    /** A log of a syscage older than the CROSS and KEY markers: its MAIN and END are taken, with a warning. */
    @Test
    void anOlderLogIsReadButSaysItsMarkersAreUnchecked() {
        SessionTracker t = ofLog();
        assertEquals(Verdict.MARKER, t.accept(marker(MarkerKind.START, TOKEN, 7, 10)));
        assertEquals(Verdict.MARKER, t.accept(marker(MarkerKind.MAIN, TOKEN, 8, 10)));
        assertEquals(Verdict.MAIN, t.accept(record(8, 11, 1)));
        assertEquals(Verdict.END, t.accept(marker(MarkerKind.END, TOKEN, 1, 99)));
        assertEquals(1, t.warnings().size(), t.warnings().toString());
        assertTrue(t.warnings().get(0).contains("could not be authenticated"), t.warnings().get(0));
    }

    /** Issue 14, item 2: a process of the run writes its own login uid; its later calls are missing, and said so. */
    @Test
    void aProcessThatLeavesForASessionOfItsOwnIsNamed() {
        SessionTracker t = live();
        t.accept(marker(MarkerKind.START, TOKEN, 7, 10));
        cross(t, 7, 8, 10);
        assertEquals(Verdict.MAIN, t.accept(record(8, 11, 57, "/usr/sbin/sshd")), "a child of the run");
        assertEquals(Verdict.OTHER, t.accept(record(30, 11, 1, "/usr/sbin/sshd")), "after pam_loginuid");
        assertEquals(Verdict.OTHER, t.accept(record(30, 11, 59, "/usr/sbin/sshd")));
        assertEquals(Verdict.OTHER, t.accept(record(30, 11, 1, "/bin/bash")), "what it executed there");
        assertEquals(Verdict.OTHER, t.accept(record(31, 12, 1, "/usr/sbin/sshd")), "a pid never seen in the run");
        assertEquals(Verdict.OTHER, t.accept(record(32, 10, 1, "/bin/other")), "the run's pid, another program");
        assertEquals(3, t.leftRecords());
        assertTrue(t.warnings().stream().anyMatch(w -> w.contains("pid 11 (/usr/sbin/sshd, 3 records)")),
                t.warnings().toString());
    }

    @Test
    void markersOfAnotherMachinesAbiSplitItsPhases() {
        // A log from an aarch64 machine: markers come through aarch64, whose close is 57.
        SessionTracker t = SessionTracker.ofLog(TOKEN, new OwnCalls((arch, name) -> arch == 0xc00000b7L
                && name.equals("close") ? 57 : -1));
        String aarch64 = "c00000b7";
        assertEquals(Verdict.MARKER, t.accept(record(7, 10, NativeContract.markerNumber(MarkerKind.START, TOKEN),
                aarch64, 0)));
        assertEquals(Verdict.INIT, t.accept(record(7, 10, 221, aarch64, 0)));
        assertEquals(Verdict.MARKER, t.accept(record(7, 10, NativeContract.markerNumber(MarkerKind.CROSS, TOKEN),
                aarch64, 0)));
        assertEquals(Verdict.MARKER, t.accept(record(8, 10, NativeContract.markerNumber(MarkerKind.MAIN, TOKEN),
                aarch64, 0)));
        assertEquals(Verdict.BOOKKEEPING, t.accept(record(8, 10, 57, aarch64, 0)));
        assertEquals(Verdict.MAIN, t.accept(record(8, 10, 64, aarch64, 0)));
        assertEquals(Verdict.MAIN, t.accept(record(8, 10, 57, aarch64, 0)), "only the first close is the library's");
    }

    @Test
    void markerKindsKeepTheirNumbers() {
        // The numbers are the contract with native/src/marker.h: never renumber.
        assertEquals(0x10000000L + 7, NativeContract.markerNumber(MarkerKind.START, 7));
        assertEquals(0x11000000L, NativeContract.markerNumber(MarkerKind.MAIN, 0));
        assertEquals(0x12000000L, NativeContract.markerNumber(MarkerKind.END, 0));
        assertEquals(0x13000000L, NativeContract.markerNumber(MarkerKind.NUDGE, 0));
        assertEquals(0x14000000L, NativeContract.markerNumber(MarkerKind.CROSS, 0));
        assertEquals(0x15FFFFFFL, NativeContract.markerNumber(MarkerKind.KEY, 0xFFFFFF));
        assertTrue(NativeContract.decodeMarker(0x16000000L).isEmpty());
    }

    /** MarkerKind, native/src/marker.h and native/README.md's table give each kind the same number. */
    @Test
    void markerNumbersAreTheSameInBothLanguagesAndTheContract() throws java.io.IOException {
        java.util.Map<String, Integer> java = new java.util.TreeMap<>();
        for (MarkerKind k : MarkerKind.values()) java.put(k.name(), k.number());
        assertEquals(java, numbers(Path.of("../native/src/marker.h"), "MARKER_([A-Z]+) = (\\d+),"));
        assertEquals(java, numbers(Path.of("../native/README.md"), "^KIND (\\d+) ([A-Z]+) "));
    }

    private static java.util.Map<String, Integer> numbers(Path file, String pattern) throws java.io.IOException {
        java.util.Map<String, Integer> out = new java.util.TreeMap<>();
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(pattern);
        for (String line : Files.readAllLines(file)) {
            java.util.regex.Matcher m = p.matcher(line.trim());
            if (!m.find()) continue;
            boolean nameFirst = m.group(1).chars().allMatch(Character::isLetter);
            out.put(nameFirst ? m.group(1) : m.group(2), Integer.parseInt(nameFirst ? m.group(2) : m.group(1)));
        }
        return out;
    }
}
