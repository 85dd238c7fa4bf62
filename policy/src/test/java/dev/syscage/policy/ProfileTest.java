package dev.syscage.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syscage.syscalls.Arch;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ProfileTest {
    static SyscallRef ref(String text) {
        return SyscallRef.parse(text);
    }

    static Profile sample() {
        Map<Phase, Map<SyscallRef, Long>> counts = new EnumMap<>(Phase.class);
        counts.put(Phase.INIT, new TreeMap<>(Map.of(ref("openat"), 3L, ref("arch_prctl"), 1L)));
        counts.put(Phase.MAIN, new TreeMap<>(Map.of(ref("write"), 1L, ref("openat"), 2L)));
        ProcessUsage usage = new ProcessUsage("/bin/x", 1,
                Map.of(Phase.MAIN, new TreeMap<>(Map.of(ref("write"), 1L))));
        return Profile.fromCounts(Arch.X86_64, counts, List.of(usage), Metadata.NONE);
    }

    @Test
    void fromCountsDerivesPhasesAndFillsBoth() {
        Profile p = sample();
        assertEquals(List.of(ref("arch_prctl"), ref("openat")), List.copyOf(p.phase(Phase.INIT)));
        assertEquals(List.of(ref("openat"), ref("write")), List.copyOf(p.phase(Phase.MAIN)));
        assertEquals(List.of(ref("arch_prctl"), ref("openat"), ref("write")), List.copyOf(p.all()));
        assertTrue(p.processes().get(0).counts().get(Phase.INIT).isEmpty());
        Profile empty = Profile.fromCounts(Arch.X86_64, Map.of(), List.of(), null);
        assertTrue(empty.phase(Phase.INIT).isEmpty() && empty.phase(Phase.MAIN).isEmpty());
        assertEquals(Metadata.NONE, empty.metadata());
    }

    @Test
    void isImmutableAndCopiesItsInput() {
        TreeMap<SyscallRef, Long> main = new TreeMap<>(Map.of(ref("write"), 1L));
        Profile p = Profile.fromCounts(Arch.X86_64, Map.of(Phase.MAIN, main), List.of(), null);
        main.put(ref("read"), 1L);
        assertEquals(1, p.counts().get(Phase.MAIN).size());
        assertThrows(UnsupportedOperationException.class, () -> p.phase(Phase.MAIN).add(ref("read")));
        assertThrows(UnsupportedOperationException.class, () -> p.counts().get(Phase.MAIN).clear());
        assertThrows(UnsupportedOperationException.class, () -> p.phases().remove(Phase.INIT));
        assertThrows(UnsupportedOperationException.class, () -> p.all().clear());
    }

    @Test
    void withoutSyscallRemovesItFromOnePhaseEverywhere() {
        Profile p = sample().withoutSyscall(Phase.MAIN, ref("write"));
        assertFalse(p.phase(Phase.MAIN).contains(ref("write")));
        assertFalse(p.counts().get(Phase.MAIN).containsKey(ref("write")));
        assertTrue(p.processes().get(0).counts().get(Phase.MAIN).isEmpty());
        assertTrue(p.phase(Phase.MAIN).contains(ref("openat")));
        assertTrue(sample().phase(Phase.MAIN).contains(ref("write")), "original unchanged");
        assertEquals(sample().phase(Phase.INIT), p.phase(Phase.INIT));
    }

    @Test
    void withoutABaselineMemberItIsRefusedInThatPhaseOnly() {
        Profile p = sample().withBaseline(new Baseline(List.of(ref("nanosleep"), ref("write"))));
        Profile noSleepInMain = p.withoutSyscall(Phase.MAIN, ref("nanosleep"));
        assertFalse(noSleepInMain.allowed(Phase.MAIN).contains(ref("nanosleep")));
        assertTrue(noSleepInMain.allowed(Phase.INIT).contains(ref("nanosleep")));
        assertEquals("[write]", noSleepInMain.baseline().calls().toString());
        Profile noWriteInInit = p.withoutSyscall(Phase.INIT, ref("write"));
        assertFalse(noWriteInInit.allowed(Phase.INIT).contains(ref("write")));
        assertTrue(noWriteInInit.allowed(Phase.MAIN).contains(ref("write")));
    }

    @Test
    void theProfilesOwnArchIsSpelledWithoutPrefix() {
        Profile p = Profile.fromCounts(Arch.X86_64, Map.of(Phase.MAIN,
                Map.of(ref("x86_64:write"), 2L, ref("write"), 3L, ref("x86:write"), 1L)),
                List.of(ProcessUsage.of("x", 1, Map.of(Phase.INIT, Map.of(ref("x86_64:read"), 1L)))),
                null);
        assertEquals(List.of(ref("write"), ref("x86:write")), List.copyOf(p.phase(Phase.MAIN)));
        assertEquals(5L, p.counts().get(Phase.MAIN).get(ref("write")));
        assertEquals(Map.of(ref("read"), 1L), p.processes().get(0).counts().get(Phase.INIT));
    }

    @Test
    void negativeCountsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Profile.fromCounts(Arch.X86_64,
                Map.of(Phase.MAIN, Map.of(ref("write"), -1L)), List.of(), null));
    }

    @Test
    void phaseKeys() {
        assertEquals("init", Phase.INIT.key());
        assertEquals(Phase.MAIN, Phase.byKey("main").orElseThrow());
        assertTrue(Phase.byKey("Main").isEmpty());
    }
}
