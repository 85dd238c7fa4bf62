package dev.syscage.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every refusal names the right line and says what is wrong and how to fix it. */
class ProfileYamlErrorsTest {
    private static final String HEAD = "schema: 1\narch: x86_64\nphases:\n";

    static Stream<Arguments> cases() {
        return Stream.of(
                bad("syntax", HEAD + "  main: [read, write\n", 5, "YAML syntax error: "),
                bad("tab indentation", HEAD + "\tmain: [read]\n", 4, "YAML syntax error: "),
                bad("two documents", "schema: 1\n---\nschema: 1\n", 2, "YAML syntax error: "),
                bad("empty file", "# nothing\n", 0, "the profile is empty"),
                bad("root is a list", "- write\n", 1, "the profile must be a mapping"),
                bad("not a profile", "apiVersion: v1\nkind: Pod\n", 1,
                        "not a syscage profile (it has neither 'schema' nor 'phases'); give a file"),
                bad("missing schema", "arch: x86_64\nphases:\n  main: [write]\n", 1,
                        "missing 'schema'; add 'schema: 1'"),
                bad("missing phases", "schema: 1\narch: x86_64\n", 1, "missing 'phases'; add"),
                bad("missing arch", "schema: 1\nphases:\n  main: [write]\n", 1, "missing 'arch'"),
                bad("newer schema", "# hi\nschema: 2\nfuture: stuff\n", 2,
                        "this profile was written by a newer syscage (schema 2); upgrade syscage"),
                bad("bad schema", "schema: one\narch: x86_64\nphases: {}\n", 1,
                        "schema must be 1, not 'one'"),
                bad("schema 0", "schema: 0\narch: x86_64\nphases: {}\n", 1, "schema must be 1"),
                bad("unknown top-level key", HEAD + "  main: [write]\nphase:\n  main: [read]\n", 5,
                        "unknown key 'phase' in the profile; use one of"),
                bad("duplicate key", HEAD + "  main: [read]\n  main: [write]\n", 5,
                        "'main' appears twice in phases (first on line 4)"),
                bad("unknown arch", "schema: 1\narch: amd64\nphases: {}\n", 2,
                        "unknown arch 'amd64'; use one of x86_64, x86, x32"),
                bad("phase is a mapping", HEAD + "  init:\n    read: 1\n", 5,
                        "phases.init must be a list"),
                bad("phases is a list", HEAD + "- write\n", 4, "phases must be a mapping"),
                bad("unknown phase", HEAD + "  init: []\n  mian: [write]\n", 5,
                        "unknown phase 'mian' in phases; the phases are init and main"),
                bad("unknown syscall", HEAD + "  main:\n  - read\n  - wrte\n", 6,
                        "unknown syscall 'wrte' for x86_64; did you mean 'write'?"),
                bad("unknown syscall, other ABI", HEAD + "  main: [read,\n    x86:getpdi]\n", 5,
                        "unknown syscall 'getpdi' for x86; did you mean 'getpid'?"),
                bad("x86-only syscall on x86_64", HEAD + "  main: [socketcall]\n", 4,
                        "unknown syscall 'socketcall' for x86_64"),
                bad("nothing close", HEAD + "  main: [qqqqqqqqqqqqqqqq]\n", 4,
                        "unknown syscall 'qqqqqqqqqqqqqqqq' for x86_64; check the spelling, or"
                                + " write the call's number if it is newer than libseccomp "),
                bad("negative number", HEAD + "  main: [write, -5]\n", 4,
                        "syscall number -5 is negative; syscall numbers start at 0"),
                bad("huge number", HEAD + "  main:\n  - 99999999999\n", 5,
                        "syscall number 99999999999 is out of range for x86_64; use 0 to 1048575"),
                bad("overflowing number", HEAD + "  main:\n  - 99999999999999999999999\n", 5,
                        "syscall number 99999999999999999999999 is too large"),
                bad("marker number", HEAD + "  main: [268435456]\n", 4,
                        "syscall number 268435456 is out of range for x86_64"),
                bad("hex number", HEAD + "  main: [0x1ce]\n", 4,
                        "'0x1ce' is not a syscall name or number; write a libseccomp name"),
                bad("unknown ABI prefix", HEAD + "  main: [x87:getpid]\n", 4,
                        "unknown ABI 'x87' in 'x87:getpid'; use x86 or x32 as prefix"),
                bad("foreign ABI", "schema: 1\narch: aarch64\nphases:\n  main: [x86:getpid]\n", 4,
                        "ABI 'x86' in 'x86:getpid' does not exist on aarch64; use arm as prefix"),
                bad("list item is a mapping", HEAD + "  main:\n  - write: 1\n", 5,
                        "phases.main must be a single value"),
                bad("empty item", HEAD + "  main:\n  - write\n  -\n", 6, "empty syscall in phases.main"),
                bad("counts not a mapping", HEAD + "  main: [write]\ncounts:\n  main: [write]\n", 6,
                        "counts.main must be a mapping"),
                bad("negative count", HEAD + "  main: [write]\ncounts:\n  main:\n    write: -1\n", 7,
                        "counts.main.write is -1, out of range; use 0 to"),
                bad("bad count key", HEAD + "  main: [write]\ncounts:\n  main:\n    wirte: 1\n", 7,
                        "unknown syscall 'wirte' for x86_64; did you mean 'write'?"),
                bad("counted twice", HEAD + "  main: [write]\ncounts:\n  main:\n    write: 1\n"
                        + "    x86_64:write: 2\n", 8, "'x86_64:write' is counted twice in counts.main"),
                bad("unknown process key", HEAD + "  main: [write]\nprocesses:\n- exe: /bin/x\n"
                        + "  proceses: 1\n", 7, "unknown key 'proceses' in a processes entry"),
                bad("unknown metadata key", HEAD + "  main: [write]\nmetadata:\n  comand: [x]\n", 6,
                        "unknown key 'comand' in metadata"),
                bad("bad created", HEAD + "  main: [write]\nmetadata:\n  created: yesterday\n", 6,
                        "metadata.created is not a date and time: 'yesterday'"),
                bad("bad complete", HEAD + "  main: [write]\nmetadata:\n  complete: maybe\n", 6,
                        "metadata.complete must be true or false"),
                bad("loss not a list", HEAD + "  main: [write]\nmetadata:\n  loss: 3\n", 6,
                        "metadata.loss must be a list"),
                bad("loss item without count", HEAD + "  main: [write]\nmetadata:\n  loss:\n  - {method: enobufs}\n",
                        7, "an item of metadata.loss needs a method and a count"),
                bad("loss item typo", HEAD + "  main: [write]\nmetadata:\n  loss:\n"
                        + "  - {method: enobufs, cuont: 1}\n", 7, "unknown key 'cuont' in metadata.loss"),
                bad("negative loss", HEAD + "  main: [write]\nmetadata:\n  loss:\n"
                        + "  - {method: enobufs, count: -2}\n", 7, "metadata.loss.count is -2, out of range"));
    }

    private static Arguments bad(String name, String yaml, int line, String message) {
        return Arguments.of(name, yaml, line, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedWithLineAndMessage(String name, String yaml, int line, String message) {
        PolicyException e = assertThrows(PolicyException.class, () -> ProfileYaml.parse(yaml, "p.yaml"));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.detail().startsWith(message), "expected '" + message + "' in: " + e.getMessage());
        String where = line > 0 ? "p.yaml:" + line + ": " : "p.yaml: ";
        assertEquals(where + e.detail(), e.getMessage());
        assertTrue(e.detail().contains("; "), "says how to fix it: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void extensionKeysAreAllowedEverywhereTyposAreNot() throws PolicyException {
        ProfileYaml.parse(HEAD + "  main: [write]\nx-reviewed-by: me\nprocesses:\n- exe: x\n  x-note: 1\n"
                + "metadata:\n  x-ci: yes\n", "p.yaml");
    }

    @Test
    void fileErrorsNameTheFile(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("nope.yaml");
        PolicyException e = assertThrows(PolicyException.class, () -> ProfileYaml.read(missing));
        assertEquals(missing + ": no such file; check the path", e.getMessage());

        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, new byte[] {'s', 'c', 'h', 'e', 'm', 'a', ':', ' ', (byte) 0xe9, '\n'});
        e = assertThrows(PolicyException.class, () -> ProfileYaml.read(latin1));
        assertTrue(e.getMessage().startsWith(latin1 + ": not UTF-8 text"), e.getMessage());

        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, HEAD + "  main: [wrte]\n");
        e = assertThrows(PolicyException.class, () -> ProfileYaml.read(bad));
        assertEquals(bad + ":4: unknown syscall 'wrte' for x86_64; did you mean 'write'?", e.getMessage());

        Path dirAsFile = dir.resolve("sub");
        Files.createDirectory(dirAsFile);
        Path target = dirAsFile.resolve("missing-dir").resolve("p.yaml");
        e = assertThrows(PolicyException.class,
                () -> ProfileYaml.write(ProfileYamlTest.example(), target));
        assertTrue(e.getMessage().startsWith(target + ": cannot write: "), e.getMessage());
    }
}
