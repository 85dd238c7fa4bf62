package dev.syscage.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileCheckTest {
    private static List<String> problems(String yaml) throws PolicyException {
        return ProfileCheck.check(yaml, "p.yaml").problems().stream().map(ProfileCheck.Finding::text).toList();
    }

    @Test
    void aValidProfileHasNoProblems() throws PolicyException {
        ProfileCheck.Result r = ProfileCheck.check(ProfileYamlTest.GOLDEN, "p.yaml");
        assertTrue(r.ok(), r.problems().toString());
        assertNotNull(r.profile());
    }

    @Test
    void reportsEveryBadItemWithSuggestionsAndDuplicates() throws PolicyException {
        ProfileCheck.Result r = ProfileCheck.check("""
                schema: 1
                arch: x86_64
                phases:
                  init: [execve, brk, brk]
                  main:
                  - wrte
                  - uname
                  - x86_64:uname
                  - getpdi
                  - 99999999
                """, "p.yaml");
        assertNull(r.profile());
        assertEquals(List.of(
                "p.yaml:4: 'brk' is listed twice in phases.init (first on line 4); remove one of them",
                "p.yaml:6: unknown syscall 'wrte' for x86_64; did you mean 'write'?",
                "p.yaml:8: 'uname' is listed twice in phases.main (first on line 7); remove one of them",
                "p.yaml:9: unknown syscall 'getpdi' for x86_64; did you mean 'getpid'?",
                "p.yaml:10: syscall number 99999999 is out of range for x86_64; use 0 to 1048575"),
                r.problems().stream().map(ProfileCheck.Finding::text).toList());
    }

    @Test
    void checksTheBaselineItemByItem() throws PolicyException {
        ProfileCheck.Result r = ProfileCheck.check("schema: 1\narch: x86_64\nphases:\n  main: [write]\n"
                + "baseline:\n- nanosleep\n- nanoslep\n- nanosleep\n", "p.yaml");
        assertEquals(List.of("p.yaml:7: unknown syscall 'nanoslep' for x86_64; did you mean 'nanosleep'?",
                "p.yaml:8: 'nanosleep' is listed twice in baseline (first on line 6); remove one of them"),
                r.problems().stream().map(ProfileCheck.Finding::text).toList());
    }

    @Test
    void reportsShapeProblemsTheStrictReaderFinds() throws PolicyException {
        assertEquals(List.of("p.yaml:5: unknown key 'metdata' in the profile; use one of [arch, baseline, counts, coverage,"
                + " metadata, phases, processes, schema] (or an x- prefix for extensions)"),
                problems("schema: 1\narch: x86_64\nphases:\n  main: [write]\nmetdata: {}\n"));
        assertEquals(List.of("p.yaml:5: YAML syntax error: while parsing a flow sequence: expected ',' or ']',"
                + " but got <stream end>; check indentation, colons and quotes on this line and the one before"),
                problems("schema: 1\narch: x86_64\nphases:\n  main: [write\n"));
        assertEquals(List.of("p.yaml:2: unknown arch 'amd64'; use one of x86_64, x86, x32, aarch64, arm, riscv64,"
                + " ppc64le, s390x"), problems("schema: 1\narch: amd64\nphases:\n  main: [write]\n"));
    }

    @Test
    void nothingToCheckIsAnError() {
        PolicyException e = assertThrows(PolicyException.class,
                () -> ProfileCheck.check("apiVersion: v1\nkind: Pod\n", "pod.yaml"));
        assertTrue(e.getMessage().startsWith("pod.yaml:1: not a syscage profile"), e.getMessage());
        e = assertThrows(PolicyException.class, () -> ProfileCheck.check("schema: 7\nnew: x\n", "n.yaml"));
        assertEquals("n.yaml:1: this profile was written by a newer syscage (schema 7); upgrade syscage",
                e.getMessage());
        e = assertThrows(PolicyException.class, () -> ProfileCheck.check("- a\n", "l.yaml"));
        assertTrue(e.getMessage().startsWith("l.yaml:1: not a syscage profile (it is a list"), e.getMessage());
    }
}
