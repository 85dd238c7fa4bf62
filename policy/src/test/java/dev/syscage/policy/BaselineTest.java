package dev.syscage.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.syscage.syscalls.Arch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** syscage's baseline against systemd's {@code @default} group and docs/profiles.md's table of it. */
class BaselineTest {
    private static final Path README = Path.of("../docs/profiles.md");

    /** The names {@code systemd-analyze syscall-filter @default} prints, or null without systemd-analyze. */
    private static Set<String> systemdDefault() throws IOException, InterruptedException {
        Path tool = Path.of("/usr/bin/systemd-analyze");
        if (!Files.isExecutable(tool)) {
            return null;
        }
        Process p = new ProcessBuilder(tool.toString(), "syscall-filter", "@default")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "systemd-analyze did not end");
        assertEquals(0, p.exitValue(), out);
        // "@default", a "# comment" line, then one indented name a line.
        return out.lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("@"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyKeptMemberIsInSystemdsDefaultAndEveryMemberIsDecided() throws Exception {
        Set<String> systemd = systemdDefault();
        assumeTrue(systemd != null, "systemd-analyze is not installed (.ci/run installs systemd)");
        assertTrue(systemd.size() > 20 && systemd.contains("restart_syscall"), "unexpected output: " + systemd);
        List<String> kept = Baseline.members().stream().filter(Baseline.Member::kept)
                .map(Baseline.Member::name).toList();
        List<String> notInDefault = kept.stream().filter(n -> !systemd.contains(n)).toList();
        assertEquals(List.of(), notInDefault, "kept in baseline.txt but no longer in systemd's @default");
        Set<String> decided = Baseline.members().stream().map(Baseline.Member::name).collect(Collectors.toSet());
        List<String> undecided = systemd.stream().filter(n -> !decided.contains(n)).toList();
        assertEquals(List.of(), undecided, "in systemd's @default but neither kept nor dropped in baseline.txt:"
                + " decide each, with the reason");
    }

    @Test
    void theDefaultsAreTheKeptMembersThisArchitectureHas() {
        Baseline b = Baseline.defaults(Arch.X86_64);
        Set<String> names = b.calls().stream().map(SyscallRef::text).collect(Collectors.toSet());
        for (String n : List.of("restart_syscall", "rt_sigreturn", "sched_yield", "nanosleep", "clock_nanosleep",
                "futex", "clock_gettime", "getpid", "exit_group")) {
            assertTrue(names.contains(n), n);
        }
        // 32-bit variants are left out where the ABI lacks them; dropped members are never in.
        for (String n : List.of("clock_gettime64", "getuid32", "sigreturn", "execve", "mmap", "mprotect", "brk")) {
            assertFalse(names.contains(n), n);
        }
        assertTrue(b.calls().stream().allMatch(r -> r.abi() == null));
    }

    @Test
    void theReadmeTableListsEveryDecision() throws IOException {
        // Rows "| keep | `a` `b` | why |": the table groups members that share a reason.
        Map<String, String> table = new TreeMap<>();
        Matcher row = Pattern.compile("(?m)^\\| (keep|drop) \\| ([^|]+) \\|").matcher(Files.readString(README));
        while (row.find()) {
            Matcher name = Pattern.compile("`([a-z0-9_]+)`").matcher(row.group(2));
            while (name.find()) {
                table.put(name.group(1), row.group(1));
            }
        }
        Map<String, String> resource = new TreeMap<>();
        Baseline.members().forEach(m -> resource.put(m.name(), m.kept() ? "keep" : "drop"));
        assertEquals(resource, table, "docs/profiles.md's baseline table and baseline.txt differ");
    }
}
