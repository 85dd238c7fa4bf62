package dev.syscage.cli;

import dev.syscage.policy.Baseline;
import dev.syscage.policy.Profile;
import picocli.CommandLine.Option;

/** {@code --no-baseline}, for the commands that write a profile from a run ({@code profile}, {@code parse}). */
final class BaselineOption {
    @Option(names = "--no-baseline",
            description = "write no baseline: the profile allows only the calls the run made, the strictest policy "
                    + "(by default a few calls whose use depends on timing and that cannot widen what the program "
                    + "reaches, such as sleeping, yielding, reading clocks, restart_syscall and rt_sigreturn, are "
                    + "allowed in every phase)")
    boolean none;

    /** {@code learned} with syscage's baseline for its architecture, or with none. */
    Profile applyTo(Profile learned) {
        return learned.withBaseline(none ? Baseline.NONE : Baseline.defaults(learned.arch()));
    }
}
