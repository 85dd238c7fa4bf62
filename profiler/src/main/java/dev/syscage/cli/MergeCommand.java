package dev.syscage.cli;

import dev.syscage.policy.Phase;
import dev.syscage.policy.Printable;
import dev.syscage.policy.Profile;
import dev.syscage.policy.ProfileMerge;
import dev.syscage.policy.ProfileYaml;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "merge", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n", footer = {"  syscage merge -o app.yaml run1.yaml run2.yaml run3.yaml"},
        description = {"Merge several runs' profiles into one: per phase the union, with per syscall the number of "
                + "runs that used it (coverage).",
                "Refuses profiles of different architectures or programs unless --force."})
final class MergeCommand implements Callable<Integer> {

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "the merged profile")
    Path output;

    @Option(names = "--force", description = "merge profiles of different programs, or of an architecture and one "
            + "of its other ABIs (x86 into x86_64)")
    boolean force;

    @Parameters(arity = "2..*", paramLabel = "PROFILE", description = "profiles to merge")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
        Output.check(output, "give -o a file in a writable directory");
        List<ProfileMerge.Input> inputs = new ArrayList<>();
        for (Path f : files) {
            inputs.add(new ProfileMerge.Input(f.toString(), ProfileYaml.read(f)));
        }
        Profile merged = ProfileMerge.merge(inputs, force, "syscage " + Main.version(), Instant.now());
        Output.Written written = Output.profile(merged, output);
        int runs = merged.coverage().runs();
        long partial = 0;
        for (Phase p : Phase.values()) {
            partial += merged.phase(p).stream().filter(r -> merged.coverage().of(p, r) < runs).count();
        }
        System.err.printf("syscage: merged %d runs into %s: init %d, main %d syscalls; %d used by only some runs%n",
                runs, Printable.of(written.path()), merged.phase(Phase.INIT).size(), merged.phase(Phase.MAIN).size(), partial);
        merged.metadata().warnings().stream().filter(w -> w.startsWith("merged with --force"))
                .forEach(w -> System.err.println("syscage: warning: " + Printable.of(w)));
        return written.report(ExitCodes.OK);
    }
}
