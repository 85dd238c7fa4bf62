package dev.syscage.run;

import dev.syscage.loss.LossReport;
import dev.syscage.phase.SessionCounts;
import dev.syscage.policy.Metadata;
import dev.syscage.policy.Profile;
import dev.syscage.syscalls.Arch;
import dev.syscage.syscalls.SyscallTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Turns one run's counts and loss verdict into a profile: shared by live profiling and offline parsing. */
final class ProfileAssembly {
    private ProfileAssembly() {
    }

    /**
     * @param warnings what the caller found besides the run's own attribution warnings
     * @param ranToEnd false when the run was cut short (the profile is then incomplete, lost records or not)
     */
    static Profile build(SessionCounts run, Arch arch, SyscallTable table, List<String> command, String kernel,
            String source, LossReport loss, List<String> warnings, String tool, boolean ranToEnd) {
        List<String> all = new ArrayList<>(run.warnings());
        all.addAll(warnings);
        var named = run.counts().named(arch, table, all);
        Metadata metadata = new Metadata(command, run.rootExe(), kernel, source, run.counts().records(),
                loss.lost(), loss.metadata(), loss.complete() && ranToEnd, tool, Instant.now(), all);
        return Profile.fromCounts(arch, named, run.counts().processes(arch, table), metadata);
    }
}
