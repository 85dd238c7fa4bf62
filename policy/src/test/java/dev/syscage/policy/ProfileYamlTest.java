package dev.syscage.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syscage.syscalls.Arch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileYamlTest {
    /** The documented example, byte for byte: the writer's output is part of the contract. */
    static final String GOLDEN = """
            # syscage profile: syscalls allowed in the init phase (loader, libc start-up) and the main phase
            schema: 1
            arch: x86_64
            phases:
              init:
              - arch_prctl
              - openat
              main:
              - write
              - x86:getpid
            counts:
              init:
                arch_prctl: 1
                openat: 3
              main:
                write: 1
                x86:getpid: 1
            processes:
            - exe: /usr/bin/foo
              processes: 1
              init:
                openat: 3
              main:
                write: 1
            metadata:
              command: [./myos, -v]
              exe: /srv/demo/myos
              kernel: 6.18.44
              source: netlink
              records: 41
              lost: 0
              loss:
              - {method: serial-gap, count: 0}
              - {method: enobufs, count: 0}
              complete: true
              tool: syscage 0.1.0
              created: 2026-11-22T15:30:00Z
              warnings: []
            """;

    static SyscallRef ref(String text) {
        return SyscallRef.parse(text);
    }

    static Map<Phase, Map<SyscallRef, Long>> counts(Map<SyscallRef, Long> init,
            Map<SyscallRef, Long> main) {
        Map<Phase, Map<SyscallRef, Long>> m = new EnumMap<>(Phase.class);
        m.put(Phase.INIT, new TreeMap<>(init));
        m.put(Phase.MAIN, new TreeMap<>(main));
        return m;
    }

    static Profile example() {
        ProcessUsage foo = new ProcessUsage("/usr/bin/foo", 1, Map.of(
                Phase.INIT, new TreeMap<>(Map.of(ref("openat"), 3L)),
                Phase.MAIN, new TreeMap<>(Map.of(ref("write"), 1L))));
        Metadata meta = new Metadata(List.of("./myos", "-v"), "/srv/demo/myos", "6.18.44", "netlink",
                41, 0, List.of(new Metadata.Loss("serial-gap", 0), new Metadata.Loss("enobufs", 0)), true,
                "syscage 0.1.0", Instant.parse("2026-11-22T15:30:00Z"), List.of());
        return Profile.fromCounts(Arch.X86_64,
                counts(Map.of(ref("openat"), 3L, ref("arch_prctl"), 1L),
                        Map.of(ref("x86:getpid"), 1L, ref("write"), 1L)),
                List.of(foo), meta);
    }

    @Test
    void writesTheGoldenText() {
        assertEquals(GOLDEN, ProfileYaml.toYaml(example()));
    }

    @Test
    void readsTheGoldenText() throws PolicyException {
        assertEquals(example(), ProfileYaml.parse(GOLDEN, "golden.yaml"));
    }

    @Test
    void readsProfilesWrittenBeforeLossWasRecorded() throws PolicyException {
        String old = GOLDEN.replace("  loss:\n  - {method: serial-gap, count: 0}\n  - {method: enobufs, count: 0}\n", "");
        Metadata m = ProfileYaml.parse(old, "old.yaml").metadata();
        assertEquals(List.of(), m.loss());
        assertEquals(41, m.records());
        assertTrue(ProfileYaml.toYaml(ProfileYaml.parse(old, "old.yaml")).contains("\n  lost: 0\n  loss: []\n"));
    }

    @Test
    void roundTripsThroughAFile(@TempDir Path dir) throws PolicyException, IOException {
        Path file = dir.resolve("p.yaml");
        ProfileYaml.write(example(), file);
        assertEquals(example(), ProfileYaml.read(file));
        assertEquals(GOLDEN, Files.readString(file));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        // Overwriting leaves no temporary file behind.
        ProfileYaml.write(example().withoutSyscall(Phase.MAIN, ref("write")), file);
        assertEquals(List.of(file), Files.list(dir).toList());
        assertTrue(!ProfileYaml.read(file).phase(Phase.MAIN).contains(ref("write")));
    }

    @Test
    void roundTripsAwkwardStrings() throws PolicyException {
        List<String> awkward = List.of("", "a b", "x, y", "[z]", "- dash", "-", "true", "null", "~",
                "1.5", "0x10", "#hash", "key: value", "trailing ", "tab\there", "line\nbreak",
                "quote\"s", "back\\slash", "caf\u00e9", "\u0001", "yes", "2026-01-01", "@at", "'single'");
        List<Metadata.Loss> losses = awkward.stream().filter(a -> !a.isEmpty()).map(a -> new Metadata.Loss(a, 7, a))
                .toList();
        Metadata meta = new Metadata(awkward, "/p a/th: x", "6.1", "?", 0, 7, losses, false, "*star",
                Instant.parse("2026-11-22T15:30:00.123456789Z"), awkward);
        Profile p = Profile.fromCounts(Arch.X86_64, counts(Map.of(), Map.of(ref("write"), 1L)),
                List.of(new ProcessUsage("# not a comment", 2, Map.of())), meta);
        String yaml = ProfileYaml.toYaml(p);
        assertEquals(p, ProfileYaml.parse(yaml, "awkward.yaml"), yaml);
        assertEquals(yaml, ProfileYaml.toYaml(ProfileYaml.parse(yaml, "awkward.yaml")));
    }

    @Test
    void theBaselineIsListedApartAndRoundTrips() throws PolicyException {
        Profile p = example().withBaseline(new Baseline(List.of(ref("restart_syscall"), ref("sched_yield"),
                ref("write"))));
        String yaml = ProfileYaml.toYaml(p);
        assertTrue(yaml.contains("""
                  - x86:getpid
                # allowed in every phase besides the lists above (syscage profile --no-baseline: none)
                baseline:
                - restart_syscall
                - sched_yield
                - write
                counts:
                """), yaml);
        assertEquals(p, ProfileYaml.parse(yaml, "b.yaml"));
        // The learned lists stay as learned; what is enforced adds the baseline to each phase.
        assertEquals("[arch_prctl, openat]", p.phase(Phase.INIT).toString());
        assertEquals("[arch_prctl, openat, restart_syscall, sched_yield, write]", p.allowed(Phase.INIT).toString());
        assertEquals("[restart_syscall, sched_yield, write, x86:getpid]", p.allowed(Phase.MAIN).toString());
        assertEquals(6, p.allowedAll().size());
        // A profile written before the baseline existed (or with --no-baseline) has none: same behaviour.
        Profile old = ProfileYaml.parse(GOLDEN, "old.yaml");
        assertEquals(Baseline.NONE, old.baseline());
        assertEquals(old.phase(Phase.MAIN), old.allowed(Phase.MAIN));
        assertEquals(GOLDEN, ProfileYaml.toYaml(old));
        assertEquals(Baseline.NONE, ProfileYaml.parse(GOLDEN.replace("counts:", "baseline: []\ncounts:"), "e.yaml")
                .baseline());
    }

    @Test
    void aBaselineMemberIsCheckedAsAPhaseListIs() {
        PolicyException e = org.junit.jupiter.api.Assertions.assertThrows(PolicyException.class,
                () -> ProfileYaml.parse("schema: 1\narch: x86_64\nphases:\n  main: [write]\nbaseline: [nanoslep]\n",
                        "b.yaml"));
        assertEquals("b.yaml:5: unknown syscall 'nanoslep' for x86_64; did you mean 'nanosleep'?", e.getMessage());
    }

    @Test
    void unknownNumberIsKeptAndRoundTrips() throws PolicyException {
        // 462 (mseal) is newer than libseccomp 2.5.4: the profile keeps the number.
        Profile p = Profile.fromCounts(Arch.X86_64,
                counts(Map.of(), Map.of(ref("462"), 2L, ref("write"), 1L)), List.of(), null);
        String yaml = ProfileYaml.toYaml(p);
        assertTrue(yaml.contains("\n  - 462\n"), yaml);
        assertTrue(yaml.contains("\n    462: 2\n"), yaml);
        assertEquals(p, ProfileYaml.parse(yaml, "n.yaml"));
    }

    @Test
    void numbersMayBeWrittenAsIntsOrStrings() throws PolicyException {
        Profile p = ProfileYaml.parse("""
                schema: 1
                arch: x86_64
                phases:
                  main: [462, "463", '0464', write]
                counts:
                  main: {"462": 1, 463: 1}
                """, "n.yaml");
        assertEquals(List.of(ref("write"), ref("462"), ref("463"), ref("464")),
                List.copyOf(p.phase(Phase.MAIN)));
        assertEquals(2, p.counts().get(Phase.MAIN).size());
    }

    @Test
    void handWrittenFlowStyleNeedsOnlySchemaArchPhases() throws PolicyException {
        Profile p = ProfileYaml.parse("""
                schema: 1
                arch: x86_64
                phases:
                  init: [arch_prctl, openat]
                  main: [read, write, x86:getpid, x32:getpid, x86_64:exit_group]
                x-note: extensions are ignored
                """, "hand.yaml");
        assertEquals(List.of(ref("exit_group"), ref("read"), ref("write"), ref("x32:getpid"),
                ref("x86:getpid")), List.copyOf(p.phase(Phase.MAIN)));
        assertEquals(Metadata.NONE, p.metadata());
        assertTrue(p.counts().get(Phase.INIT).isEmpty());
        // Nothing is invented on the way out: a hand-written policy stays short.
        assertEquals("""
                # syscage profile: syscalls allowed in the init phase (loader, libc start-up) and the main phase
                schema: 1
                arch: x86_64
                phases:
                  init:
                  - arch_prctl
                  - openat
                  main:
                  - exit_group
                  - read
                  - write
                  - x32:getpid
                  - x86:getpid
                """, ProfileYaml.toYaml(p));
    }

    @Test
    void emptyPhasesAndMissingPhases() throws PolicyException {
        Profile p = ProfileYaml.parse("schema: 1\narch: aarch64\nphases:\n  main:\n", "e.yaml");
        assertTrue(p.all().isEmpty());
        assertEquals(Arch.AARCH64, p.arch());
        String yaml = ProfileYaml.toYaml(p);
        assertTrue(yaml.endsWith("phases:\n  init: []\n  main: []\n"), yaml);
        assertEquals(p, ProfileYaml.parse(yaml, "e.yaml"));
    }

    @Test
    void x32NumbersAreStoredWithTheX32Bit() throws PolicyException {
        Profile p = ProfileYaml.parse("schema: 1\narch: x86_64\nphases:\n  main: [x32:999]\n", "x.yaml");
        assertEquals(ref("x32:" + (0x40000000L + 999)), p.phase(Phase.MAIN).first());
        assertEquals(p, ProfileYaml.parse(ProfileYaml.toYaml(p), "x.yaml"));
    }

    @Test
    void outputIsDeterministic() {
        assertEquals(ProfileYaml.toYaml(example()), ProfileYaml.toYaml(example()));
    }

    /** The metadata section is left out only when nothing at all is known; any one known field keeps it. */
    @Test
    void writesMetadataWhenAnyOneFieldIsKnown() {
        List<Metadata> oneKnown = List.of(
                new Metadata(List.of("./app"), null, null, null, 0, 0, List.of(), false, null, null, List.of()),
                new Metadata(List.of(), "/bin/app", null, null, 0, 0, List.of(), false, null, null, List.of()),
                new Metadata(List.of(), null, "6.18", null, 0, 0, List.of(), false, null, null, List.of()),
                new Metadata(List.of(), null, null, "netlink", 0, 0, List.of(), false, null, null, List.of()),
                new Metadata(List.of(), null, null, null, 1, 0, List.of(), false, null, null, List.of()),
                new Metadata(List.of(), null, null, null, 0, 1, List.of(), false, null, null, List.of()),
                new Metadata(List.of(), null, null, null, 0, 0, List.of(new Metadata.Loss("enobufs", 0)), false,
                        null, null, List.of()),
                new Metadata(List.of(), null, null, null, 0, 0, List.of(), true, null, null, List.of()),
                new Metadata(List.of(), null, null, null, 0, 0, List.of(), false, "syscage 0.1.0", null, List.of()),
                new Metadata(List.of(), null, null, null, 0, 0, List.of(), false, null, Instant.EPOCH, List.of()),
                new Metadata(List.of(), null, null, null, 0, 0, List.of(), false, null, null, List.of("partial")));
        for (Metadata m : oneKnown) {
            Profile p = Profile.fromCounts(Arch.X86_64, counts(Map.of(), Map.of(ref("write"), 1L)), List.of(), m);
            assertTrue(ProfileYaml.toYaml(p).contains("\nmetadata:\n"), m.toString());
        }
        Metadata unknown = new Metadata(null, null, null, null, 0, 0, null, false, null, null, null);
        Profile p = Profile.fromCounts(Arch.X86_64, counts(Map.of(), Map.of(ref("write"), 1L)), List.of(), unknown);
        assertTrue(!ProfileYaml.toYaml(p).contains("metadata:"), ProfileYaml.toYaml(p));
    }
}
