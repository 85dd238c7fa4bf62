package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syscage.policy.Metadata;
import dev.syscage.policy.Phase;
import dev.syscage.policy.Profile;
import dev.syscage.policy.ProfileYaml;
import dev.syscage.policy.SyscallRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An audit exclude rule for SECCOMP records drops them before they take a serial, so no gap shows: scoped to
 * one executable it hid a whole program (1 record, main empty, complete). syscage reads the kernel's rules
 * before the run (and refuses to start, naming the rule), during it and after it (the profile is incomplete).
 */
@Tag("kernel")
class AuditExcludeTest {
    @RegisterExtension
    static final ExcludeRules RULES = new ExcludeRules();

    @TempDir
    Path dir;

    private Path hidden() throws Exception {
        Path copy = dir.resolve("hidden");
        Files.copy(Syscage.sample("myos"), copy);
        return copy;
    }

    @Test
    void aRuleForTheTargetsExecutableRefusesTheRunAndNamesTheRule() throws Exception {
        Path hidden = hidden();
        RULES.add("-F msgtype=SECCOMP -F exe=" + hidden);
        Syscage.Result r = Syscage.cli(dir, "profile", "-o", "p.yaml", "--", hidden.toString());
        assertEquals(ExitCodes.SETUP_FAILED, r.exit(), r.toString());
        assertEquals("", r.stdout(), "the target did not run");
        assertEquals(1, r.stderr().lines().count(), r.toString());
        assertTrue(r.stderr().contains("-a always,exclude -F msgtype=SECCOMP -F exe=" + hidden), r.stderr());
        assertTrue(r.stderr().contains("auditctl -d always,exclude -F msgtype=SECCOMP -F exe=" + hidden), r.stderr());
        assertFalse(Files.exists(dir.resolve("p.yaml")));
    }

    @Test
    void aGlobalRuleIsNamedAsTheCauseNotTheSocket() throws Exception {
        RULES.add("-F msgtype=SECCOMP");
        Syscage.Result r = Syscage.cli(dir, "profile", "-o", "p.yaml", "--", Syscage.sample("myos").toString());
        assertEquals(ExitCodes.SETUP_FAILED, r.exit(), r.toString());
        assertTrue(r.stderr().contains("audit exclude list") && r.stderr().contains("msgtype=SECCOMP"), r.stderr());
        assertFalse(r.stderr().contains("netlink"), r.stderr());
    }

    /**
     * Without CAP_AUDIT_CONTROL the rules cannot be read: the run goes ahead, and its markers that never arrived are
     * not blamed on the socket: they took no serial (no overrun, no gap), so the kernel dropped them.
     */
    @Test
    void aGlobalRuleThatCannotBeListedIsStillNotBlamedOnTheSocket() throws Exception {
        RULES.add("-F msgtype=SECCOMP");
        Syscage.Result r = Syscage.cliVia(List.of("setpriv", "--bounding-set=-audit_control",
                "--inh-caps=-audit_control"), dir, "profile", "-o", "p.yaml", "--", Syscage.sample("myos").toString());
        assertEquals(ExitCodes.INCOMPLETE, r.exit(), r.toString());
        String verdict = r.stderr().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(verdict.contains("took no serial number") && verdict.contains("auditctl -l"), verdict);
        assertFalse(verdict.contains("netlink socket"), verdict);
    }

    @Test
    void aRuleAddedDuringTheRunMakesTheProfileIncomplete() throws Exception {
        Path hidden = hidden();
        Path out = dir.resolve("p.yaml");
        Syscage.Started s = Syscage.start(dir, "profile", "-o", out.toString(), "--", "sh", "-c",
                "sleep 2; exec " + hidden);
        s.awaitDescendant("sleep");
        RULES.add("-F msgtype=SECCOMP -F exe=" + hidden);
        Syscage.Result r = s.await();
        assertEquals(ExitCodes.INCOMPLETE, r.exit(), r.toString());
        assertTrue(r.stderr().contains("audit-rules 1") && r.stderr().contains("exe=" + hidden), r.stderr());
        Profile p = ProfileYaml.read(out);
        assertFalse(p.metadata().complete());
        assertFalse(p.phase(Phase.MAIN).contains(SyscallRef.parse("uname")), "myos's calls were hidden");
        Metadata.Loss rules = p.metadata().loss().stream().filter(l -> l.method().equals("audit-rules")).findFirst()
                .orElseThrow();
        assertEquals(1, rules.count());
        assertTrue(rules.how().contains("every 1000 ms"), rules.toString());
    }
}
