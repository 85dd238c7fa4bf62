package dev.syscage.verify;

import dev.syscage.policy.Phase;
import dev.syscage.policy.ProcessUsage;
import dev.syscage.policy.Profile;
import dev.syscage.policy.SyscallRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A syscall a run made that its policy does not allow in that phase, with how often and by which
 * executables. Outside means what enforcement would refuse: in the main phase a call not in main;
 * in the init phase a call not in init ∪ main (the launcher's filter allows both until the preload
 * library installs main).
 */
public record Outside(Phase phase, SyscallRef syscall, long calls, List<String> processes) {

    /** Every call of {@code observed} (a profile of the run) that {@code policy} would refuse. */
    public static List<Outside> of(Profile policy, Profile observed) {
        List<Outside> out = new ArrayList<>();
        for (Phase phase : Phase.values()) {
            Set<SyscallRef> allowed = phase == Phase.MAIN ? policy.allowed(Phase.MAIN) : policy.allowedAll();
            for (SyscallRef ref : observed.phase(phase)) {
                if (!allowed.contains(ref)) {
                    long calls = observed.counts().get(phase).getOrDefault(ref, 0L);
                    out.add(new Outside(phase, ref, calls, exes(observed, phase, ref)));
                }
            }
        }
        return out;
    }

    private static List<String> exes(Profile observed, Phase phase, SyscallRef ref) {
        List<String> out = new ArrayList<>();
        for (ProcessUsage u : observed.processes()) {
            Map<SyscallRef, Long> counts = u.counts().get(phase);
            if (counts.containsKey(ref)) {
                out.add(u.exe() == null ? "?" : u.exe());
            }
        }
        return out;
    }
}
