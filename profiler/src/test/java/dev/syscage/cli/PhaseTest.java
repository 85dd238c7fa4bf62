package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syscage.policy.Phase;
import dev.syscage.policy.Profile;
import dev.syscage.policy.ProfileYaml;
import dev.syscage.policy.SyscallRef;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the phases buy, and that each learned main-phase call is really needed and really enforced. */
@Tag("kernel")
class PhaseTest {
    @TempDir
    Path dir;

    private Profile profile(String name, String... command) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Syscage.Result r = Syscage.cli(dir, Syscage.concat(List.of("profile", "-o", file.toString(), "--"),
                List.of(command)));
        assertEquals(0, r.exit(), r.toString());
        return ProfileYaml.read(file);
    }

    @Test
    void myosMainPhaseIsAFractionOfItsWholeRun() throws Exception {
        Profile p = profile("myos", Syscage.sample("myos").toString());
        int main = p.phase(Phase.MAIN).size();
        int all = p.all().size();
        System.out.printf("myos: main phase %d syscalls %s, init ∪ main %d%n", main, p.phase(Phase.MAIN), all);
        assertTrue(main > 0 && main * 3 <= all, "main " + main + " of " + all);
        for (String name : new String[] {"uname", "write", "exit_group"}) {
            assertTrue(p.phase(Phase.MAIN).contains(SyscallRef.parse(name)), name + " in " + p.phase(Phase.MAIN));
        }
        assertFalse(p.phase(Phase.MAIN).contains(SyscallRef.parse("execve")), "execve belongs to init");
        assertTrue(p.phase(Phase.INIT).contains(SyscallRef.parse("execve")));
    }

    /**
     * The profile holds the program's calls only: the preload library's prctl and seccomp (installing its filter) and
     * its login-uid bookkeeping stay out of it, so exports for consumers that never load the library carry none of
     * them; the native policy adds what the library needs, and enforcement works.
     */
    @Test
    void theProfileHoldsTheProgramsCallsNotTheLibrarys() throws Exception {
        String myos = Syscage.sample("myos").toString();
        Profile p = profile("myos", myos);
        for (String own : new String[] {"prctl", "seccomp"}) {
            assertFalse(p.all().contains(SyscallRef.parse(own)), own + " is syscage's, not myos's: " + p.all());
        }
        Syscage.Result oci = Syscage.cli(dir, "export", "-f", "oci", "--runtime", "none", "myos.yaml");
        assertEquals(0, oci.exit(), oci.toString());
        assertFalse(oci.stdout().contains("\"prctl\"") || oci.stdout().contains("\"seccomp\""), oci.stdout());
        Syscage.Result run = Syscage.cli(dir, "run", "--policy", "myos.yaml", "--", myos);
        assertEquals(0, run.exit(), run.toString());
        assertEquals("My OS is Linux!\n", run.stdout());
    }

    @Test
    void removingAnyMainPhaseCallKillsTheTargetAndNamesTheCall() throws Exception {
        String myos = Syscage.sample("myos").toString();
        Profile p = profile("myos", myos);
        for (SyscallRef call : p.phase(Phase.MAIN)) {
            Path reduced = dir.resolve("without-" + call.text() + ".yaml");
            ProfileYaml.write(p.withoutSyscall(Phase.MAIN, call), reduced);
            Syscage.Result r = Syscage.cli(dir, "run", "--policy", reduced.toString(), "--", myos);
            assertEquals(128 + 31, r.exit(), "without " + call.text() + ": " + r);
            assertTrue(r.stderr().contains("refused " + call.text() + " (kill_process)"), r.stderr());
        }
    }

    @Test
    void errnoActionFailsTheCallInsteadOfKilling() throws Exception {
        String myos = Syscage.sample("myos").toString();
        Profile p = profile("myos", myos);
        Path reduced = dir.resolve("no-uname.yaml");
        ProfileYaml.write(p.withoutSyscall(Phase.MAIN, SyscallRef.parse("uname")), reduced);
        Syscage.Result r = Syscage.cli(dir, "run", "--policy", reduced.toString(), "--action", "errno", "--", myos);
        assertTrue(r.exit() != 0 && r.exit() < 128, r.toString());
        assertTrue(r.stderr().contains("refused uname (errno)"), r.stderr());
    }

    @Test
    void aThreadStartedByAnotherLibrarysConstructorIsLearnedAndConfined() throws Exception {
        String program = Syscage.sample("ctorthread").toString();
        Profile p = profile("ctorthread", program);
        assertTrue(p.phase(Phase.INIT).contains(SyscallRef.parse("clone3")), "the thread predates the boundary");
        SyscallRef getppid = SyscallRef.parse("getppid");
        assertTrue(p.phase(Phase.MAIN).contains(getppid), "its call after the boundary is main: " + p.phase(Phase.MAIN));
        assertEquals(0, Syscage.cli(dir, "run", "--policy", dir.resolve("ctorthread.yaml").toString(), "--", program)
                .exit());
        Path reduced = dir.resolve("no-getppid.yaml");
        // Allowed by the launcher's init ∪ main filter, refused by the main-phase one: only TSYNC stops the thread.
        Profile initOnly = p.withoutSyscall(Phase.MAIN, getppid);
        var phases = new java.util.EnumMap<Phase, java.util.SortedSet<SyscallRef>>(initOnly.phases());
        phases.put(Phase.INIT, new java.util.TreeSet<>(initOnly.phase(Phase.INIT)));
        phases.get(Phase.INIT).add(getppid);
        ProfileYaml.write(new Profile(initOnly.arch(), phases, initOnly.counts(), initOnly.processes(),
                initOnly.metadata()), reduced);
        Syscage.Result r = Syscage.cli(dir, "run", "--policy", reduced.toString(), "--", program);
        assertEquals(128 + 31, r.exit(), "TSYNC must put the thread under the main-phase filter: " + r);
        assertTrue(r.stderr().contains("refused getppid"), r.stderr());
    }

    @Test
    void aStaticProgramIsAllInitAndConfinedByTheLauncher() throws Exception {
        String stat = Syscage.sample("hello-static").toString();
        Profile p = profile("static", stat);
        assertTrue(p.phase(Phase.MAIN).isEmpty(), "no preload runs in a static binary: " + p.phase(Phase.MAIN));
        SyscallRef write = SyscallRef.parse("write");
        assertTrue(p.phase(Phase.INIT).contains(write));
        Path reduced = dir.resolve("static-no-write.yaml");
        ProfileYaml.write(p.withoutSyscall(Phase.INIT, write), reduced);
        Syscage.Result r = Syscage.cli(dir, "run", "--policy", reduced.toString(), "--", stat);
        assertEquals(128 + 31, r.exit(), r.toString());
        assertTrue(r.stderr().contains("refused write"), r.stderr());
    }

    @Test
    void concurrentProfilesOfDifferentProgramsStaySeparate() throws Exception {
        String myos = Syscage.sample("myos").toString();
        Profile alone = profile("alone-myos", myos);
        // The loop runs for about 2 s, so the second profile's target runs while the first one's does.
        CompletableFuture<Profile> loop = CompletableFuture.supplyAsync(() -> quietly("loop", "/bin/bash", "-c",
                "for i in 1 2 3 4 5 6 7 8 9 10; do sleep 0.2; done"));
        Thread.sleep(800);
        Profile together = profile("together-myos", myos);
        Profile other = loop.get();

        assertEquals(alone.phases(), together.phases(), "the loop's calls leaked into myos");
        assertEquals(List.of(myos), exes(together));
        assertFalse(exes(other).contains(myos), "myos leaked into the loop: " + exes(other));
        assertTrue(exes(other).contains("/usr/bin/sleep"), exes(other).toString());
    }

    private static List<String> exes(Profile p) {
        // The launcher's own execve is attributed to the launcher's executable; it is not the program's.
        return p.processes().stream().map(u -> u.exe()).filter(e -> !e.endsWith("/syscage-exec")).toList();
    }

    private Profile quietly(String name, String... command) {
        try {
            return profile(name, command);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
