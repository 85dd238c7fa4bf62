package dev.syscage.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syscage.export.Golden;
import dev.syscage.policy.Phase;
import dev.syscage.policy.PolicyException;
import dev.syscage.policy.Profile;
import dev.syscage.policy.ProfileYaml;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileDiffTest {
    private static ProfileDiff appDiff() throws PolicyException {
        return ProfileDiff.of("app.yaml", Golden.profile("app.yaml"), "app-v2.yaml", Golden.profile("app-v2.yaml"));
    }

    private static Profile parse(String phases) throws PolicyException {
        return ProfileYaml.parse("schema: 1\narch: x86_64\nphases:\n" + phases, "p.yaml");
    }

    @Test
    void addedRemovedMovedAndRisky() throws PolicyException {
        ProfileDiff d = appDiff();
        assertEquals("[]", d.phases().get(Phase.INIT).added().toString());
        assertEquals("[]", d.phases().get(Phase.INIT).removed().toString());
        assertEquals("[ptrace, socket]", d.phases().get(Phase.MAIN).added().toString());
        assertEquals("[uname]", d.phases().get(Phase.MAIN).removed().toString());
        assertEquals(List.of(new ProfileDiff.Move(ref("brk"), Phase.INIT, Phase.MAIN)), d.moves());
        assertEquals("[brk, ptrace, sched_yield, socket]", d.newlyAllowed().toString());
        assertEquals("[sched_yield]", d.baseline().added().toString());
        assertEquals(1, d.risky().size());
        assertEquals("ptrace", d.risky().get(0).syscall().text());
        assertFalse(d.same());
        assertTrue(d.widens());
        assertEquals(2, d.processes().size());
        assertEquals("new", d.processes().get(1).status());
    }

    private static dev.syscage.policy.SyscallRef ref(String s) {
        return dev.syscage.policy.SyscallRef.parse(s);
    }

    @Test
    void whatCountsAsNewlyAllowed() throws PolicyException {
        // Into init a call main already had: the launcher's filter allowed it before; nothing widens.
        ProfileDiff narrower = ProfileDiff.of("a", parse("  init: []\n  main: [execve]\n"), "b",
                parse("  init: [execve]\n  main: []\n"));
        assertEquals(List.of(new ProfileDiff.Move(ref("execve"), Phase.MAIN, Phase.INIT)), narrower.moves());
        assertFalse(narrower.widens());
        assertTrue(narrower.risky().isEmpty());
        // New in init only, allowed nowhere before: widens, and risky in init.
        ProfileDiff initOnly = ProfileDiff.of("a", parse("  init: []\n  main: [write]\n"), "b",
                parse("  init: [execve]\n  main: [write]\n"));
        assertTrue(initOnly.widens());
        assertEquals(Phase.INIT, initOnly.risky().get(0).phase());
        // Added to main while init had it: the main phase gains it.
        ProfileDiff intoMain = ProfileDiff.of("a", parse("  init: [bpf]\n  main: []\n"), "b",
                parse("  init: [bpf]\n  main: [bpf]\n"));
        assertEquals(Phase.MAIN, intoMain.risky().get(0).phase());
        // Other ABIs are flagged by name too.
        ProfileDiff x86 = ProfileDiff.of("a", parse("  main: [write]\n"), "b", parse("  main: [write, x86:execve]\n"));
        assertEquals("x86:execve", x86.risky().get(0).syscall().text());
        ProfileDiff same = ProfileDiff.of("a", parse("  main: [write, read]\n"), "b", parse("  main: [read, write]\n"));
        assertTrue(same.same());
        assertFalse(same.widens());
    }

    @Test
    void theBaselineIsComparedApart() throws PolicyException {
        // A call both baselines allow is allowed in every phase on both sides: that one run made it is no change.
        ProfileDiff timing = ProfileDiff.of("a", parse("  main: [write]\nbaseline: [sched_yield]\n"), "b",
                parse("  main: [write, sched_yield]\nbaseline: [sched_yield]\n"));
        assertTrue(timing.same(), timing.toString());
        // An older profile without a baseline: the baseline's calls are newly allowed, shown once, as the baseline's.
        ProfileDiff upgrade = ProfileDiff.of("a", parse("  main: [write]\n"), "b",
                parse("  main: [write]\nbaseline: [restart_syscall, write]\n"));
        assertFalse(upgrade.same());
        assertTrue(upgrade.phases().get(Phase.MAIN).isEmpty() && upgrade.phases().get(Phase.INIT).isEmpty());
        assertEquals("[restart_syscall, write]", upgrade.baseline().added().toString());
        // write was allowed in init before too (the launcher allows init ∪ main until the preload installs main).
        assertEquals("[restart_syscall]", upgrade.newlyAllowed().toString());
        // --no-baseline against a default profile: removed, and nothing newly allowed.
        ProfileDiff stricter = ProfileDiff.of("a", parse("  main: [write]\nbaseline: [restart_syscall]\n"), "b",
                parse("  main: [write]\n"));
        assertEquals("[restart_syscall]", stricter.baseline().removed().toString());
        assertFalse(stricter.widens());
        // A risky call put into the baseline by hand is flagged like any other.
        ProfileDiff risky = ProfileDiff.of("a", parse("  main: [write]\n"), "b",
                parse("  main: [write]\nbaseline: [ptrace]\n"));
        assertEquals(Phase.MAIN, risky.risky().get(0).phase());
    }

    @Test
    void theLaunchersOwnEntryIsNotAProcessOfTheProgram() throws PolicyException {
        String common = "schema: 1\narch: x86_64\nphases:\n  init: [execve]\n  main: [write]\nprocesses:\n"
                + "- exe: /srv/a\n  processes: 1\n  main: {write: 1}\n- exe: /srv/b\n  processes: 1\n  main: {write: 1}\n";
        Profile older = ProfileYaml.parse(common + "- exe: /root/.cache/syscage/0123/syscage-exec\n  processes: 1\n"
                + "  init: {execve: 1}\n", "a");
        Profile newer = ProfileYaml.parse(common + "- exe: /root/.cache/syscage/4567/syscage-exec\n  processes: 1\n"
                + "  init: {execve: 1}\n", "b");
        assertTrue(ProfileDiff.of("a", older, "b", newer).processes().isEmpty());
    }

    @Test
    void refusesOtherArchitectures() {
        PolicyException e = assertThrows(PolicyException.class, () -> ProfileDiff.of("a.yaml",
                parse("  main: [write]\n"), "b.yaml",
                ProfileYaml.parse("schema: 1\narch: aarch64\nphases:\n  main: [write]\n", "b.yaml")));
        assertEquals("b.yaml: a profile for aarch64, but a.yaml is for x86_64; their syscall tables differ, so compare"
                + " profiles of one architecture", e.getMessage());
    }

    @Test
    void renderersMatchTheirGoldenFiles() throws Exception {
        ProfileDiff d = appDiff();
        Golden.assertMatches("diff/app.table", new TableRenderer(false).render(d));
        Golden.assertMatches("diff/app.md", new MarkdownRenderer().render(d));
        Golden.assertMatches("diff/app.json", new JsonRenderer().render(d));
    }

    @Test
    void colourOnlyWhenAsked() throws Exception {
        String plain = new TableRenderer(false).render(appDiff());
        String coloured = new TableRenderer(true).render(appDiff());
        assertFalse(plain.contains("\033["));
        assertTrue(coloured.contains("\033[32madded\033[0m"), coloured);
        assertTrue(coloured.contains("\033[31mremoved\033[0m"), coloured);
        assertEquals(plain, coloured.replaceAll("\033\\[[0-9;]*m", ""));
    }

    @Test
    void theRiskListIsCuratedAndExplained() {
        for (String name : List.of("execve", "execveat", "ptrace", "process_vm_writev", "mount", "bpf", "init_module",
                "kexec_load", "keyctl", "userfaultfd", "perf_event_open", "io_uring_setup", "unshare", "setns")) {
            assertTrue(RiskList.reason(name).isPresent(), name);
        }
        RiskList.all().forEach((name, why) -> assertTrue(why.length() > 10, name));
        assertTrue(RiskList.reason("write").isEmpty());
    }
}
