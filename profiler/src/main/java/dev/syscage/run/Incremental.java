package dev.syscage.run;

import dev.syscage.policy.Metadata;
import dev.syscage.policy.Phase;
import dev.syscage.policy.Profile;
import dev.syscage.policy.SyscallRef;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Incremental profiling: the run allowed the base profile's calls without a record, so what it learned is
 * only what the base lacks. The profile to keep is both together.
 */
final class Incremental {
    private Incremental() {
    }

    /**
     * {@code learned} with {@code base}'s calls added per phase. Counts and processes stay the run's own: the
     * base's calls were not counted in this run.
     */
    static Profile onto(Profile base, Profile learned) {
        Map<Phase, SortedSet<SyscallRef>> phases = new EnumMap<>(Phase.class);
        for (Phase p : Phase.values()) {
            SortedSet<SyscallRef> both = new TreeSet<>(learned.phase(p));
            both.addAll(base.phase(p));
            phases.put(p, both);
        }
        Metadata m = learned.metadata();
        List<String> warnings = new ArrayList<>(m.warnings());
        warnings.add("incremental profile: the calls of the base profile were allowed without being logged, so its "
                + "phases include them all, and its counts cover only calls the base lacked; a call the program "
                + "no longer makes shows only in a full run (without --base)");
        Metadata marked = new Metadata(m.command(), m.exe(), m.kernel(), m.source(), m.records(), m.lost(), m.loss(),
                m.complete(), m.tool(), m.created(), warnings);
        return new Profile(learned.arch(), phases, learned.counts(), learned.processes(), marked);
    }
}
