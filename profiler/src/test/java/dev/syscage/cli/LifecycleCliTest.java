package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syscage.policy.Phase;
import dev.syscage.policy.Profile;
import dev.syscage.policy.ProfileYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** diff, merge and check as a user runs them: output, exit statuses, files. */
class LifecycleCliTest {
    @TempDir
    Path dir;

    private void write(String name, String init, String main) throws Exception {
        write(name, init, main, "/srv/app");
    }

    private void write(String name, String init, String main, String exe) throws Exception {
        Files.writeString(dir.resolve(name), "schema: 1\narch: x86_64\nphases:\n  init: [" + init + "]\n  main: ["
                + main + "]\nmetadata:\n  command: [" + exe + "]\n  exe: " + exe + "\n");
    }

    @Test
    void diffExitsLikeDiff1() throws Exception {
        write("v1.yaml", "execve, mmap", "write, uname");
        write("same.yaml", "mmap, execve", "uname, write");
        write("v2.yaml", "execve, mmap", "write, socket");
        Syscage.Result same = InProcess.cli(dir, "diff", "v1.yaml", "same.yaml");
        assertEquals(0, same.exit(), same.toString());
        assertTrue(same.stdout().endsWith("\nsame allowlist in both phases\n"), same.stdout());
        Syscage.Result different = InProcess.cli(dir, "diff", "v1.yaml", "v2.yaml");
        assertEquals(1, different.exit(), different.toString());
        assertTrue(different.stdout().lines().anyMatch(l -> l.matches("main\\s+added\\s+socket")), different.stdout());
        assertTrue(different.stdout().lines().anyMatch(l -> l.matches("main\\s+removed\\s+uname")), different.stdout());
        assertFalse(different.stdout().contains("\033["), "no colour when stdout is not a terminal");
        assertEquals("", different.stderr());
    }

    @Test
    void failOnChoosesWhichDifferencesCount() throws Exception {
        write("v1.yaml", "execve", "write, uname");
        write("fewer.yaml", "execve", "write");
        write("socket.yaml", "execve", "write, uname, socket");
        write("ptrace.yaml", "execve", "write, uname, ptrace");
        assertEquals(1, InProcess.cli(dir, "diff", "v1.yaml", "fewer.yaml").exit());
        assertEquals(0, InProcess.cli(dir, "diff", "--fail-on", "added", "v1.yaml", "fewer.yaml").exit());
        assertEquals(1, InProcess.cli(dir, "diff", "--fail-on", "added", "v1.yaml", "socket.yaml").exit());
        assertEquals(0, InProcess.cli(dir, "diff", "--fail-on", "risky", "v1.yaml", "socket.yaml").exit());
        Syscage.Result risky = InProcess.cli(dir, "diff", "--fail-on", "risky", "v1.yaml", "ptrace.yaml");
        assertEquals(1, risky.exit(), risky.toString());
        assertTrue(risky.stdout().contains("risky: reads and writes other processes' memory"), risky.stdout());
        Syscage.Result bad = InProcess.cli(dir, "diff", "--fail-on", "some", "v1.yaml", "ptrace.yaml");
        assertEquals(2, bad.exit(), bad.toString());
    }

    @Test
    void diffForToolsAndPullRequests() throws Exception {
        write("v1.yaml", "execve", "write, uname");
        write("v2.yaml", "execve", "write, bpf");
        Syscage.Result json = InProcess.cli(dir, "diff", "--format", "json", "v1.yaml", "v2.yaml");
        assertEquals(1, json.exit(), json.toString());
        JsonNode tree = new ObjectMapper().readTree(json.stdout());
        assertEquals("[\"bpf\"]", tree.get("phases").get("main").get("added").toString());
        assertEquals("bpf", tree.get("risky").get(0).get("syscall").asText());
        Syscage.Result md = InProcess.cli(dir, "diff", "--format", "markdown", "v1.yaml", "v2.yaml");
        assertTrue(md.stdout().startsWith("### syscage diff: `v1.yaml` → `v2.yaml` (x86_64)\n"), md.stdout());
        assertTrue(md.stdout().contains("| main | added | `bpf` | **risky: "), md.stdout());
    }

    @Test
    void colourOnATerminalUnlessNoColor() throws Exception {
        write("v1.yaml", "execve", "write, uname");
        write("v2.yaml", "execve", "write, socket");
        Syscage.Result tty = Syscage.cliOnTty(dir, Map.of(), "diff", "v1.yaml", "v2.yaml");
        assertTrue(tty.stdout().contains("\033[32madded\033[0m"), tty.toString());
        Syscage.Result noColor = Syscage.cliOnTty(dir, Map.of("NO_COLOR", "1"), "diff", "v1.yaml", "v2.yaml");
        assertTrue(noColor.stdout().contains("added"), noColor.toString());
        assertFalse(noColor.stdout().contains("\033["), noColor.toString());
    }

    @Test
    void mergeCountsCoverage() throws Exception {
        write("run1.yaml", "execve, mmap", "write, uname");
        write("run2.yaml", "execve, mmap", "write, socket");
        write("run3.yaml", "execve", "write");
        Syscage.Result r = InProcess.cli(dir, "merge", "-o", "merged.yaml", "run1.yaml", "run2.yaml", "run3.yaml");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("syscage: merged 3 runs into merged.yaml: init 2, main 3 syscalls; 3 used by only some runs\n",
                r.stderr());
        Profile merged = ProfileYaml.read(dir.resolve("merged.yaml"));
        assertEquals("[socket, uname, write]", merged.phase(Phase.MAIN).toString());
        assertTrue(Files.readString(dir.resolve("merged.yaml")).contains(
                "coverage:\n  runs: 3\n  init:\n    execve: 3\n    mmap: 2\n  main:\n    socket: 1\n    uname: 1\n"
                        + "    write: 3\n"));
        assertEquals(0, InProcess.cli(dir, "check", "merged.yaml").exit());
        Syscage.Result show = InProcess.cli(dir, "show", "merged.yaml");
        assertTrue(show.stdout().lines().anyMatch(l -> l.matches("main\\s+socket\\s+-\\s+1/3")), show.stdout());
    }

    @Test
    void mergeRefusesOtherProgramsUnlessForced() throws Exception {
        write("a.yaml", "execve", "write", "/srv/a");
        write("b.yaml", "execve", "read", "/srv/b");
        Syscage.Result refused = InProcess.cli(dir, "merge", "-o", "m.yaml", "a.yaml", "b.yaml");
        assertEquals(2, refused.exit(), refused.toString());
        assertEquals("syscage: b.yaml: profiles /srv/b, but a.yaml profiles /srv/a; merging different programs gives"
                + " each the other's syscalls, so merge runs of one program, or pass --force if that is meant\n",
                refused.stderr());
        assertFalse(Files.exists(dir.resolve("m.yaml")));
        Syscage.Result forced = InProcess.cli(dir, "merge", "--force", "-o", "m.yaml", "a.yaml", "b.yaml");
        assertEquals(0, forced.exit(), forced.toString());
        assertTrue(forced.stderr().contains("warning: merged with --force"), forced.stderr());
    }

    @Test
    void checkAcceptsAGoodPolicyAndLoadsIt() throws Exception {
        write("ok.yaml", "execve, mmap", "write, exit_group");
        Syscage.Result r = InProcess.cli(dir, "check", "ok.yaml");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("ok.yaml: ok: x86_64, init 2, main 2 syscalls; its filter loads on this machine\n", r.stdout());
        Files.writeString(dir.resolve("arm.yaml"), "schema: 1\narch: aarch64\nphases:\n  main: [write]\n");
        Syscage.Result arm = InProcess.cli(dir, "check", "arm.yaml");
        assertEquals(0, arm.exit(), arm.toString());
        assertTrue(arm.stdout().contains("not loaded here (the policy is for aarch64, this machine is x86_64)"),
                arm.stdout());
    }

    @Test
    void checkListsEveryProblem() throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), """
                schema: 1
                arch: x86_64
                phases:
                  init: [execve, execve]
                  main: [wrte, uname, unmae]
                """);
        Syscage.Result r = InProcess.cli(dir, "check", "bad.yaml");
        assertEquals(1, r.exit(), r.toString());
        assertEquals(List.of(
                "bad.yaml:4: 'execve' is listed twice in phases.init (first on line 4); remove one of them",
                "bad.yaml:5: unknown syscall 'wrte' for x86_64; did you mean 'write'?",
                "bad.yaml:5: unknown syscall 'unmae' for x86_64; did you mean 'uname'?",
                "bad.yaml: 3 problems"), r.stdout().lines().toList());
    }

    @Test
    void checkFindsFiltersThatWouldNotLoad() throws Exception {
        // 2000 distinct numbers: a valid file, under the native line limit, but libseccomp's filter for it
        // exceeds the kernel's 4096 BPF instructions.
        String many = IntStream.range(1000, 3000).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        write("big.yaml", "execve", many);
        Syscage.Result big = InProcess.cli(dir, "check", "big.yaml");
        assertEquals(1, big.exit(), big.toString());
        assertTrue(big.stdout().startsWith("big.yaml: the filter does not load: the filter does not fit the kernel's"
                + " limits (4096 instructions)"), big.stdout());
        String huge = IntStream.range(1000, 5200).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        write("huge.yaml", "execve", huge);
        Syscage.Result lines = InProcess.cli(dir, "check", "huge.yaml");
        assertEquals(1, lines.exit(), lines.toString());
        assertTrue(lines.stdout().startsWith("huge.yaml: 4201 syscall lines (init 1 + main 4200), more than the 4096"
                + " the native parts read"), lines.stdout());
    }
}
