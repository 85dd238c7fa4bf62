package dev.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syscage.policy.Phase;
import dev.syscage.policy.Profile;
import dev.syscage.policy.ProfileYaml;
import dev.syscage.policy.SyscallRef;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code profile --base OLD}: only what OLD lacks is logged, and reported (docs/profiles.md, "Incremental profiling"). */
@Tag("kernel")
class IncrementalTest {
    @TempDir
    Path dir;

    @Test
    void aBaseThatHasEverythingLogsAlmostNothingAndReportsNothingNew() throws Exception {
        String myos = Syscage.sample("myos").toString();
        Path full = dir.resolve("full.yaml");
        assertEquals(0, Syscage.cli(dir, "profile", "-o", full.toString(), "--", myos).exit());
        Profile old = ProfileYaml.read(full);

        Path again = dir.resolve("again.yaml");
        Syscage.Result r = Syscage.cli(dir, "profile", "--base", full.toString(), "-o", again.toString(), "--", myos);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stderr().contains("new against " + full + ": nothing"), r.toString());
        Profile incremental = ProfileYaml.read(again);
        for (Phase p : Phase.values()) assertEquals(old.phase(p), incremental.phase(p), p.key());
        assertTrue(incremental.metadata().records() < old.metadata().records() / 2,
                "the base's calls were not logged: " + incremental.metadata().records() + " records against "
                        + old.metadata().records());
        assertTrue(incremental.metadata().warnings().stream().anyMatch(w -> w.contains("incremental profile")));
    }

    @Test
    void whatTheBaseLacksIsLearnedAndNamed() throws Exception {
        String myos = Syscage.sample("myos").toString();
        Path full = dir.resolve("full.yaml");
        assertEquals(0, Syscage.cli(dir, "profile", "-o", full.toString(), "--", myos).exit());
        SyscallRef uname = SyscallRef.parse("uname");
        Path older = dir.resolve("older.yaml");
        ProfileYaml.write(ProfileYaml.read(full).withoutSyscall(Phase.MAIN, uname), older);

        Path out = dir.resolve("new.yaml");
        Syscage.Result r = Syscage.cli(dir, "profile", "--base", older.toString(), "-o", out.toString(), "--", myos);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stderr().contains("new against " + older + ": main +uname"), r.toString());
        Profile learned = ProfileYaml.read(out);
        assertEquals(ProfileYaml.read(full).phase(Phase.MAIN), learned.phase(Phase.MAIN));
        assertEquals(1L, learned.counts().get(Phase.MAIN).get(uname), "counted in this run");
        // and it runs confined
        assertEquals(0, Syscage.cli(dir, "run", "--policy", out.toString(), "--", myos).exit());
    }

    @Test
    void withNoBaselineTheBasesBaselineIsLogged() throws Exception {
        String myos = Syscage.sample("myos").toString();
        Path full = dir.resolve("full.yaml");
        assertEquals(0, Syscage.cli(dir, "profile", "-o", full.toString(), "--", myos).exit());
        // A base that allows exit_group through its baseline only.
        Profile p = ProfileYaml.read(full);
        SyscallRef exit = SyscallRef.parse("exit_group");
        assertTrue(p.baseline().contains(exit) && !p.phase(Phase.INIT).contains(exit), p.toString());
        var phases = new java.util.EnumMap<>(p.phases());
        var main = new java.util.TreeSet<>(p.phase(Phase.MAIN));
        main.remove(exit);
        phases.put(Phase.MAIN, main);
        Path older = dir.resolve("older.yaml");
        ProfileYaml.write(new Profile(p.arch(), phases, p.counts(), p.processes(), p.metadata(), p.coverage(),
                p.baseline()), older);

        Path out = dir.resolve("strict.yaml");
        Syscage.Result r = Syscage.cli(dir, "profile", "--no-baseline", "--base", older.toString(), "-o",
                out.toString(), "--", myos);
        assertEquals(0, r.exit(), r.toString());
        Profile strict = ProfileYaml.read(out);
        assertTrue(strict.baseline().isEmpty());
        assertTrue(strict.phase(Phase.MAIN).contains(exit), "logged, since this profile has no baseline to allow it");
        assertEquals(0, Syscage.cli(dir, "run", "--policy", out.toString(), "--", myos).exit());
    }

    @Test
    void aBaseOfAnotherArchitectureOrAMissingOneIsRefused() throws Exception {
        Syscage.Result missing = Syscage.cli(dir, "profile", "--base", "nope.yaml", "--", "true");
        assertEquals(2, missing.exit(), missing.toString());
        assertTrue(missing.stderr().contains("nope.yaml"), missing.toString());
    }
}
