package dev.syscage.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileMergeTest {
    private static final Instant NOW = Instant.parse("2026-11-22T15:30:00Z");

    private static ProfileMerge.Input in(String name, String yaml) throws PolicyException {
        return new ProfileMerge.Input(name, ProfileYaml.parse(yaml, name));
    }

    private static String run(String exe, String init, String main, String counts) {
        return "schema: 1\narch: x86_64\nphases:\n  init: [" + init + "]\n  main: [" + main + "]\n"
                + "counts:\n  main: {" + counts + "}\n"
                + "processes:\n- exe: " + exe + "\n  processes: 1\n  main: {" + counts + "}\n"
                + "metadata:\n  command: [" + exe + "]\n  exe: " + exe + "\n  records: 10\n  complete: true\n";
    }

    private static SyscallRef ref(String s) {
        return SyscallRef.parse(s);
    }

    @Test
    void runsOfOneCommandMergeWhateverTheyExecuted() throws PolicyException {
        List<ProfileMerge.Input> runs = List.of(in("run 1", run("/bin/a", "execve", "write", "write: 1")),
                in("run 2", run("/bin/b", "execve", "write, uname", "write: 1, uname: 1")));
        assertThrows(PolicyException.class, () -> ProfileMerge.merge(runs, false, "syscage test", NOW));
        Profile merged = ProfileMerge.mergeRuns(runs, "syscage test", NOW);
        assertEquals(1, merged.coverage().of(Phase.MAIN, ref("uname")));
        assertEquals(null, merged.metadata().exe(), "the runs disagree on it");
        assertTrue(merged.metadata().warnings().isEmpty(), merged.metadata().warnings().toString());
    }

    @Test
    void theBaselinesAreUnited() throws PolicyException {
        Profile merged = ProfileMerge.merge(List.of(
                in("a.yaml", run("/bin/app", "execve", "write", "write: 1") + "baseline: [nanosleep]\n"),
                in("b.yaml", run("/bin/app", "execve", "write", "write: 1") + "baseline: [sched_yield]\n"),
                in("c.yaml", run("/bin/app", "execve", "write", "write: 1"))),
                false, "syscage test", NOW);
        assertEquals("[nanosleep, sched_yield]", merged.baseline().calls().toString());
        assertEquals(3, merged.coverage().of(Phase.MAIN, ref("write")));
        assertEquals(0, merged.coverage().of(Phase.MAIN, ref("nanosleep")), "the baseline is not a run's use");
    }

    @Test
    void unionWithCoverageCountsAndProcesses() throws PolicyException {
        Profile merged = ProfileMerge.merge(List.of(
                in("a.yaml", run("/bin/app", "execve", "write, uname", "write: 2, uname: 1")),
                in("b.yaml", run("/bin/app", "execve", "write, socket", "write: 5, socket: 1"))),
                false, "syscage test", NOW);
        assertEquals("[socket, uname, write]", merged.phase(Phase.MAIN).toString());
        assertEquals(2, merged.coverage().runs());
        assertEquals(2, merged.coverage().of(Phase.MAIN, ref("write")));
        assertEquals(1, merged.coverage().of(Phase.MAIN, ref("socket")));
        assertEquals(2, merged.coverage().of(Phase.INIT, ref("execve")));
        assertEquals(7, merged.counts().get(Phase.MAIN).get(ref("write")));
        assertEquals(1, merged.processes().size());
        assertEquals(2, merged.processes().get(0).processes());
        assertEquals(7, merged.processes().get(0).counts().get(Phase.MAIN).get(ref("write")));
        assertEquals(20, merged.metadata().records());
        assertEquals("/bin/app", merged.metadata().exe());
        assertEquals("syscage test", merged.metadata().tool());
        // What a merge writes reads back as the same profile.
        assertEquals(merged, ProfileYaml.parse(ProfileYaml.toYaml(merged), "m.yaml"));
    }

    @Test
    void mergingAMergeCarriesItsRuns() throws PolicyException {
        Profile ab = ProfileMerge.merge(List.of(
                in("a.yaml", run("/bin/app", "execve", "write", "write: 1")),
                in("b.yaml", run("/bin/app", "execve", "write, uname", "write: 1"))), false, "t", NOW);
        Profile abc = ProfileMerge.merge(List.of(new ProfileMerge.Input("ab.yaml", ab),
                in("c.yaml", run("/bin/app", "execve", "uname", "uname: 1"))), false, "t", NOW);
        assertEquals(3, abc.coverage().runs());
        assertEquals(2, abc.coverage().of(Phase.MAIN, ref("write")));
        assertEquals(2, abc.coverage().of(Phase.MAIN, ref("uname")));
    }

    @Test
    void refusesDifferentTargetsUnlessForced() throws PolicyException {
        List<ProfileMerge.Input> inputs = List.of(in("a.yaml", run("/bin/app", "execve", "write", "write: 1")),
                in("b.yaml", run("/bin/other", "execve", "read", "read: 1")));
        PolicyException e = assertThrows(PolicyException.class, () -> ProfileMerge.merge(inputs, false, "t", NOW));
        assertEquals("b.yaml: profiles /bin/other, but a.yaml profiles /bin/app; merging different programs"
                + " gives each the other's syscalls, so merge runs of one program, or pass --force if that is"
                + " meant", e.getMessage());
        Profile forced = ProfileMerge.merge(inputs, true, "t", NOW);
        assertEquals("[read, write]", forced.phase(Phase.MAIN).toString());
        assertTrue(forced.metadata().warnings().get(0).startsWith("merged with --force: profiles of different"
                + " programs [/bin/app, /bin/other]"), forced.metadata().warnings().toString());
    }

    @Test
    void refusesDifferentArchitectures() throws PolicyException {
        ProfileMerge.Input x64 = in("a.yaml", run("/bin/app", "execve", "write", "write: 1"));
        ProfileMerge.Input arm = in("b.yaml", "schema: 1\narch: aarch64\nphases:\n  main: [write]\n");
        PolicyException e = assertThrows(PolicyException.class,
                () -> ProfileMerge.merge(List.of(x64, arm), true, "t", NOW));
        assertTrue(e.getMessage().startsWith("b.yaml: a profile for aarch64, but a.yaml is for x86_64, and"
                + " neither runs the other's syscalls"), e.getMessage());

        ProfileMerge.Input i386 = in("c.yaml", "schema: 1\narch: x86\nphases:\n  main: [getpid, socketcall]\n");
        e = assertThrows(PolicyException.class, () -> ProfileMerge.merge(List.of(x64, i386), false, "t", NOW));
        assertTrue(e.getMessage().startsWith("c.yaml: a profile for x86, but a.yaml is for x86_64;"), e.getMessage());
        // Forced, the i386 calls become the x86_64 profile's x86 ABI.
        Profile forced = ProfileMerge.merge(List.of(i386, x64), true, "t", NOW);
        assertEquals("x86_64", forced.arch().seccompName());
        assertEquals("[write, x86:getpid, x86:socketcall]", forced.phase(Phase.MAIN).toString());
    }
}
