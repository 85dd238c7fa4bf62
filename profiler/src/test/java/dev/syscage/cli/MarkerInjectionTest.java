package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.syscage.policy.Phase;
import dev.syscage.policy.Profile;
import dev.syscage.policy.ProfileYaml;
import dev.syscage.policy.SyscallRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, item 1, against the real kernel: another local user (nobody) who knows a profiling run's token sprays
 * every kind of marker with it (and with guessed tokens and end keys) from audit sessions of its own, makes
 * calls the victim never makes, and runs the victim's own program. The victim's profile holds none of them, still ends at its real end, and is
 * complete.
 */
@Tag("kernel")
class MarkerInjectionTest {
    private static final Path SPRAY = Path.of("../native/build/test/spray").toAbsolutePath().normalize();
    /** Calls only the attacker makes. */
    private static final List<String> ATTACKER_CALLS = List.of("unshare", "setns", "kexec_load", "ptrace",
            "process_vm_writev", "mount");

    @TempDir
    Path dir;

    @Test
    void markersFromAnotherUserChangeNothing() throws Exception {
        assertTrue(Files.isExecutable(SPRAY), "test program not built: " + SPRAY + " (make -C native test-programs)");
        String hello = Syscage.sample("helloworld").toString();
        String tag = "victim-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        Path out = dir.resolve("victim.yaml");
        CompletableFuture<Syscage.Result> victim = CompletableFuture.supplyAsync(() -> {
            try {
                // sleep gives the attacker time; helloworld's calls come after the spray, exit_group last
                return Syscage.cli(dir, "profile", "-o", out.toString(), "--", "/bin/sh", "-c",
                        "sleep 3; exec " + hello + " # " + tag);
            } catch (IOException | InterruptedException e) {
                throw new CompletionException(e);
            }
        }, task -> new Thread(task, "victim").start());

        int token = victimToken(tag, victim);
        Syscage.Result attack = Syscage.exec(dir, List.of("setpriv", "--reuid=65534", "--regid=65534",
                "--clear-groups", SPRAY.toString(), Integer.toString(token), "1500", hello), java.util.Map.of());
        assertEquals(0, attack.exit(), attack.toString());
        assertTrue(Integer.parseInt(attack.stdout().trim()) > 5, "the attacker sprayed: " + attack);

        Syscage.Result r = victim.join();
        assertEquals(0, r.exit(), r.toString());
        Profile p = ProfileYaml.read(out);
        for (String call : ATTACKER_CALLS) {
            assertTrue(!p.all().contains(SyscallRef.parse(call)), call + " is the attacker's, not the victim's: " + r);
        }
        assertTrue(p.phase(Phase.MAIN).contains(SyscallRef.parse("exit_group")), "the run's real end: " + r);
        assertTrue(p.phase(Phase.MAIN).contains(SyscallRef.parse("write")), "helloworld's output: " + r);
        assertTrue(p.metadata().complete(), r.toString());
        // The attacker ran the victim's own program too: still one helloworld process in the profile.
        assertEquals(List.of(1L), p.processes().stream().filter(u -> u.exe().equals(hello))
                .map(u -> (long) u.processes()).toList(), p.processes().toString());
    }

    /** The token as the attacker reads it: SYSCAGE_PROFILE in the environment of the run's shell. */
    private static int victimToken(String tag, CompletableFuture<Syscage.Result> victim) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (victim.isDone()) fail("the victim ended before the attack: " + victim.join());
            Optional<Integer> token = ProcessHandle.allProcesses()
                    .filter(h -> h.info().arguments().map(a -> String.join(" ", a).contains(tag)).orElse(false))
                    .map(h -> environ(h.pid())).filter(e -> e != null).findFirst();
            if (token.isPresent()) return token.get();
            Thread.sleep(20);
        }
        throw new AssertionError("the victim's shell never showed");
    }

    private static Integer environ(long pid) {
        try {
            String env = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")),
                    StandardCharsets.ISO_8859_1);
            for (String var : env.split("\0")) {
                if (var.startsWith("SYSCAGE_PROFILE=")) return Integer.parseInt(var.substring(16));
            }
        } catch (IOException | NumberFormatException e) {
            // gone, or not the shell yet
        }
        return null;
    }

}
