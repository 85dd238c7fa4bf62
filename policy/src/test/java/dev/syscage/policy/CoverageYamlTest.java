package dev.syscage.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The optional coverage section of merged profiles: written, read back, checked. */
class CoverageYamlTest {
    static final String MERGED = """
            # syscage profile: syscalls allowed in the init phase (loader, libc start-up) and the main phase
            schema: 1
            arch: x86_64
            phases:
              init:
              - execve
              main:
              - uname
              - write
            coverage:
              runs: 3
              init:
                execve: 3
              main:
                uname: 1
                write: 3
            """;

    @Test
    void roundTripsByteForByte() throws PolicyException {
        Profile p = ProfileYaml.parse(MERGED, "m.yaml");
        assertEquals(3, p.coverage().runs());
        assertEquals(1, p.coverage().of(Phase.MAIN, SyscallRef.parse("uname")));
        assertEquals(0, p.coverage().of(Phase.INIT, SyscallRef.parse("uname")));
        assertEquals(MERGED, ProfileYaml.toYaml(p));
    }

    @Test
    void oldFilesHaveNoCoverageAndWriteNone() throws PolicyException {
        Profile p = ProfileYaml.parse(ProfileYamlTest.GOLDEN, "g.yaml");
        assertFalse(p.coverage().present());
        assertFalse(ProfileYaml.toYaml(p).contains("coverage"));
    }

    @Test
    void refusesCountsAboveTheRuns() {
        PolicyException e = assertThrows(PolicyException.class, () -> ProfileYaml.parse(
                MERGED.replace("write: 3", "write: 4"), "m.yaml"));
        assertEquals(16, e.line(), e.getMessage());
        assertTrue(e.detail().startsWith("coverage.main.write is 4, out of range; use 1 to 3"), e.getMessage());
    }

    @Test
    void refusesMissingRunsAndUnknownKeys() {
        PolicyException e = assertThrows(PolicyException.class, () -> ProfileYaml.parse(
                MERGED.replace("  runs: 3\n", ""), "m.yaml"));
        assertTrue(e.detail().startsWith("missing 'runs' in coverage"), e.getMessage());
        e = assertThrows(PolicyException.class, () -> ProfileYaml.parse(
                MERGED.replace("  runs: 3\n", "  runs: 3\n  rusn: 2\n"), "m.yaml"));
        assertTrue(e.detail().startsWith("unknown key 'rusn' in coverage"), e.getMessage());
    }

    @Test
    void removingASyscallRemovesItsCoverage() throws PolicyException {
        Profile p = ProfileYaml.parse(MERGED, "m.yaml").withoutSyscall(Phase.MAIN, SyscallRef.parse("uname"));
        assertEquals(0, p.coverage().of(Phase.MAIN, SyscallRef.parse("uname")));
        assertFalse(ProfileYaml.toYaml(p).contains("uname"));
    }
}
