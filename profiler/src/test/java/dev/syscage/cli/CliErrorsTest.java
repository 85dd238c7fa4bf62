package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input: one line saying what is wrong, a documented status, no stack trace, and the target never runs. */
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
        "no command         | profile                                                    | 2 | CMD",
        "unknown source     | profile --source carrier-pigeon -- /bin/echo RAN           | 2 | carrier-pigeon",
        "show missing file  | show nothing.yaml                                          | 2 | nothing.yaml",
        "target not found   | run --policy ok.yaml -- /nonexistent/prog                  | 127 | /nonexistent/prog",
    })
    void badInputGetsOneClearLine(String name, String args, int status, String mention) throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), "schema: 1\narch: x86_64\nphases: {init: [read], main: [write\n");
        Files.writeString(dir.resolve("typo.yaml"), "schema: 1\narch: x86_64\nphases:\n  init: [read]\n  main: [wrte]\n");
        Files.writeString(dir.resolve("ok.yaml"), "schema: 1\narch: x86_64\nphases:\n  init: [execve]\n  main: []\n");
        Syscage.Result r = Syscage.cli(dir, args.trim().split("\\s+"));
        assertEquals(status, r.exit(), r.toString());
        assertFalse(r.stdout().contains("RAN"), "the target ran: " + r);
        assertEquals(1, r.stderr().lines().count(), "one line: " + r.stderr());
        assertTrue(r.stderr().startsWith("syscage: "), r.stderr());
        assertTrue(r.stderr().contains(mention), r.stderr());
        assertFalse(r.stderr().contains("\tat "), "stack trace: " + r.stderr());
    }
}
