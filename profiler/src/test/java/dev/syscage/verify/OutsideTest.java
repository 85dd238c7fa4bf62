package dev.syscage.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.syscage.policy.PolicyException;
import dev.syscage.policy.Profile;
import dev.syscage.policy.ProfileYaml;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What verify counts as outside a policy: a call its phase's list and the baseline do not allow. */
class OutsideTest {
    private static Profile parse(String body) throws PolicyException {
        return ProfileYaml.parse("schema: 1\narch: x86_64\n" + body, "p.yaml");
    }

    private static List<String> outside(Profile policy, Profile observed) {
        return Outside.of(policy, observed).stream().map(o -> o.phase().key() + " " + o.syscall().text()).toList();
    }

    @Test
    void theBaselineIsAllowedInEveryPhase() throws PolicyException {
        Profile run = parse("phases:\n  init: [execve, restart_syscall]\n  main: [write, restart_syscall]\n");
        Profile strict = parse("phases:\n  init: [execve]\n  main: [write]\n");
        assertEquals(List.of("init restart_syscall", "main restart_syscall"), outside(strict, run));
        assertEquals(List.of(), outside(parse("phases:\n  init: [execve]\n  main: [write]\n"
                + "baseline: [restart_syscall]\n"), run));
    }
}
