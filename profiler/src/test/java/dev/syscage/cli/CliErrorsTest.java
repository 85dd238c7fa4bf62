package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input: one line saying what is wrong, a documented status, no stack trace, and the target never runs. The
 * commands run in this JVM ({@link InProcess}); {@link #aSeparateProcessSaysTheSame} checks that a real process
 * (the wrapper's JVM, its exit status) says the same.
 */
class CliErrorsTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing policy     | run --policy missing.yaml -- /bin/echo RAN                 | 2 | missing.yaml",
        "malformed policy   | run --policy bad.yaml -- /bin/echo RAN                     | 2 | bad.yaml:4: YAML syntax error",
        "unknown syscall    | run --policy typo.yaml -- /bin/echo RAN                    | 2 | did you mean 'write'",
        "unknown action     | run --policy typo.yaml --action explode -- /bin/echo RAN   | 2 | unknown action 'explode'",
        "unknown option     | profile --frobnicate -- /bin/echo RAN                      | 2 | frobnicate",
        "mistyped command   | profil -- /bin/echo RAN                                    | 2 | did you mean 'profile'?",
        "mistyped option    | show --hepl ok.yaml                                        | 2 | did you mean '--help'?",
        "no command         | profile                                                    | 2 | CMD",
        "unknown source     | profile --source carrier-pigeon -- /bin/echo RAN           | 2 | carrier-pigeon",
        "show missing file  | show nothing.yaml                                          | 2 | nothing.yaml",
        "diff missing file  | diff ok.yaml nothing.yaml                                  | 2 | nothing.yaml: no such file",
        "diff not a profile | diff ok.yaml pod.yaml                                      | 2 | pod.yaml:1: not a syscage profile",
        "diff newer schema  | diff newer.yaml ok.yaml                                    | 2 | newer.yaml:1: this profile was written by a newer syscage",
        "diff other arch    | diff ok.yaml arm.yaml                                      | 2 | arm.yaml: a profile for aarch64, but ok.yaml is for x86_64",
        "diff bad format    | diff --format html ok.yaml ok.yaml                         | 2 | html",
        "merge missing file | merge -o m.yaml ok.yaml nothing.yaml                       | 2 | nothing.yaml: no such file",
        "merge not profile  | merge -o m.yaml ok.yaml pod.yaml                           | 2 | not a syscage profile",
        "merge newer schema | merge -o m.yaml ok.yaml newer.yaml                         | 2 | newer syscage",
        "merge other arch   | merge -o m.yaml ok.yaml arm.yaml                           | 2 | arm.yaml: a profile for aarch64, but ok.yaml is for x86_64",
        "merge one file     | merge -o m.yaml ok.yaml                                    | 2 | PROFILE",
        "check missing file | check nothing.yaml                                         | 2 | nothing.yaml: no such file",
        "check not profile  | check pod.yaml                                             | 2 | pod.yaml:1: not a syscage profile",
        "check newer schema | check newer.yaml                                           | 2 | newer syscage (schema 2); upgrade syscage",
        "export missing     | export -f oci nothing.yaml                                 | 2 | nothing.yaml: no such file",
        "export not profile | export -f json pod.yaml                                    | 2 | not a syscage profile",
        "export newer       | export -f systemd newer.yaml                               | 2 | newer syscage",
        "export bad format  | export -f dockr ok.yaml                                    | 2 | unknown format 'dockr'; use one of syscage, env",
        "export bad runtime | export -f oci --runtime podman ok.yaml                     | 2 | unknown runtime 'podman'",
        "export no action   | export -f csv --action log ok.yaml                         | 2 | --action does not apply to --format csv",
        "verify missing     | verify --policy nothing.yaml -- /bin/echo RAN              | 2 | nothing.yaml: no such file",
        "verify not profile | verify --policy pod.yaml -- /bin/echo RAN                  | 2 | not a syscage profile",
        "verify newer       | verify --policy newer.yaml -- /bin/echo RAN                | 2 | newer syscage",
        "verify other arch  | verify --policy arm.yaml -- /bin/echo RAN                  | 2 | arm.yaml: a policy for aarch64, but this machine is x86_64",
    })
    void badInputGetsOneClearLine(String name, String args, int status, String mention) throws Exception {
        files();
        assertOneClearLine(InProcess.cli(dir, args.trim().split("\\s+")), status, mention);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing policy   | run --policy missing.yaml -- /bin/echo RAN | 2 | missing.yaml",
        "mistyped command | profil -- /bin/echo RAN                    | 2 | did you mean 'profile'?",
    })
    void aSeparateProcessSaysTheSame(String name, String args, int status, String mention) throws Exception {
        files();
        assertOneClearLine(Syscage.cli(dir, args.trim().split("\\s+")), status, mention);
    }

    /** Root's run (as another user, a warning that refusals cannot be named comes first). */
    @Test
    @Tag("kernel")
    void aTargetThatDoesNotExistIsOneLine() throws Exception {
        files();
        assertOneClearLine(Syscage.cli(dir, "run", "--policy", "ok.yaml", "--", "/nonexistent/prog"), 127,
                "/nonexistent/prog");
    }

    private void files() throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), "schema: 1\narch: x86_64\nphases: {init: [read], main: [write\n");
        Files.writeString(dir.resolve("typo.yaml"), "schema: 1\narch: x86_64\nphases:\n  init: [read]\n  main: [wrte]\n");
        Files.writeString(dir.resolve("pod.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n");
        Files.writeString(dir.resolve("newer.yaml"), "schema: 2\narch: x86_64\nphases: {}\nrules: []\n");
        Files.writeString(dir.resolve("arm.yaml"), "schema: 1\narch: aarch64\nphases:\n  main: [write]\n");
        Files.writeString(dir.resolve("ok.yaml"), "schema: 1\narch: x86_64\nphases:\n  init: [execve]\n  main: []\n");
    }

    private static void assertOneClearLine(Syscage.Result r, int status, String mention) {
        assertEquals(status, r.exit(), r.toString());
        assertFalse(r.stdout().contains("RAN"), "the target ran: " + r);
        assertEquals(1, r.stderr().lines().count(), "one line: " + r.stderr());
        assertTrue(r.stderr().startsWith("syscage: "), r.stderr());
        assertTrue(r.stderr().contains(mention), r.stderr());
        assertFalse(r.stderr().contains("\tat "), "stack trace: " + r.stderr());
    }
}
