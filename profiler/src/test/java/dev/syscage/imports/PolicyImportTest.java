package dev.syscage.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syscage.policy.Phase;
import dev.syscage.policy.PolicyException;
import dev.syscage.policy.Profile;
import dev.syscage.policy.SyscallRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Allowlists shipped today read as profiles whose two phases hold them, and what cannot carry over is said. */
class PolicyImportTest {
    @TempDir
    Path dir;

    private static Set<String> names(Profile p, Phase phase) {
        return p.phase(phase).stream().map(SyscallRef::text).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void dockerJsonWithArchMapConditionsAndUnknownNames() throws Exception {
        Path json = Files.writeString(dir.resolve("docker.json"), """
                {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1,
                 "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]}],
                 "syscalls": [
                   {"names": ["read", "write", "no_such_call"], "action": "SCMP_ACT_ALLOW"},
                   {"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 0, "op": "SCMP_CMP_EQ"}]},
                   {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38},
                   {"names": ["uname"], "action": "SCMP_ACT_LOG"}]}
                """);
        Profile p = PolicyImport.read(json);
        assertEquals(Set.of("personality", "read", "uname", "write"), names(p, Phase.MAIN));
        assertEquals(names(p, Phase.MAIN), names(p, Phase.INIT), "enforced before the program starts: both phases");
        String warnings = String.join("\n", p.metadata().warnings());
        assertTrue(warnings.contains("no_such_call"), warnings);
        assertTrue(warnings.contains("some arguments") && warnings.contains("personality"), warnings);
        assertTrue(warnings.contains("SCMP_ARCH_X86"), warnings);
    }

    @Test
    void anExportReadsBackAsItsAllowlist() throws Exception {
        Path app = Files.writeString(dir.resolve("app.yaml"),
                "schema: 1\narch: x86_64\nphases:\n  init: [execve, brk]\n  main: [write, exit_group]\n");
        for (String format : List.of("oci", "docker")) {
            Path out = dir.resolve("app." + format);
            assertEquals(0, dev.syscage.cli.Main.execute("export", "-f", format, "--runtime", "none", app.toString(),
                    "-o", out.toString()), format);
            assertEquals(Set.of("brk", "execve", "exit_group", "write"), names(PolicyImport.read(out), Phase.MAIN),
                    format);
        }
    }

    @Test
    void ociJsonOfAnotherArchitectureOrADenylistIsRefused() throws Exception {
        Path arm = Files.writeString(dir.resolve("arm.json"),
                "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": [\"SCMP_ARCH_AARCH64\"], \"syscalls\": []}");
        assertTrue(assertThrows(PolicyException.class, () -> PolicyImport.read(arm)).getMessage()
                .contains("SCMP_ARCH_AARCH64"));
        Path deny = Files.writeString(dir.resolve("deny.json"), "{\"defaultAction\": \"SCMP_ACT_ALLOW\"}");
        assertTrue(assertThrows(PolicyException.class, () -> PolicyImport.read(deny)).getMessage()
                .contains("denylist"));
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"defaultAction\": ");
        assertTrue(assertThrows(PolicyException.class, () -> PolicyImport.read(broken)).getMessage()
                .contains("not valid JSON"));
    }

    @Test
    void systemdLinesAddUpResetAndExpandGroups() throws Exception {
        Path unit = Files.writeString(dir.resolve("app.service"), String.join("\n", List.of("[Service]",
                "SystemCallFilter=ptrace", "SystemCallFilter=", "SystemCallFilter=read write",
                "SystemCallFilter=@clock uname", "")));
        Profile p = PolicyImport.read(unit);
        Set<String> main = names(p, Phase.MAIN);
        assertTrue(main.containsAll(List.of("read", "write", "uname", "clock_settime", "adjtimex")), main.toString());
        assertTrue(!main.contains("ptrace"), "an empty assignment resets the list: " + main);
        assertTrue(!main.contains("@clock"), main.toString());

        Path deny = Files.writeString(dir.resolve("deny.conf"), "[Service]\nSystemCallFilter=~@mount\n");
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyImport.read(deny));
        assertTrue(e.getMessage().contains("denylist") && e.getMessage().contains(":2"), e.getMessage());
    }
}
