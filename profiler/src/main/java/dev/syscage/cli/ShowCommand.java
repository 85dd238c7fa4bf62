package dev.syscage.cli;

import dev.syscage.policy.Phase;
import dev.syscage.policy.Printable;
import dev.syscage.policy.Profile;
import dev.syscage.policy.ProfileYaml;
import dev.syscage.policy.SyscallRef;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "show", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n", footer = {"  syscage show app.yaml"},
        description = "Print a profile as a table: phase, syscall, how often it was called.")
final class ShowCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "a profile written by 'syscage profile'")
    Path file;

    @Override
    public Integer call() throws Exception {
        Profile profile = ProfileYaml.read(file);
        var m = profile.metadata();
        if (m != null && !m.command().isEmpty()) {
            System.out.printf("command: %s%n", Printable.of(String.join(" ", m.command())));
            System.out.printf("source:  %s, %d records, %d lost%s%n", m.source(), m.records(), m.lost(),
                    m.complete() ? "" : " (INCOMPLETE)");
        }
        System.out.printf("arch:    %s%n%n", profile.arch().seccompName());
        int width = profile.all().stream().mapToInt(r -> r.text().length()).max().orElse(7);
        // A merged profile also says in how many of its runs each call was used.
        boolean merged = profile.coverage().present();
        String row = "%-5s  %-" + Math.max(width, 7) + "s  %8s" + (merged ? "  %s" : "%s") + "%n";
        System.out.printf(row, "PHASE", "SYSCALL", "COUNT", merged ? "RUNS" : "");
        for (Phase phase : Phase.values()) {
            Map<SyscallRef, Long> counts = profile.counts().getOrDefault(phase, java.util.Collections.emptySortedMap());
            for (SyscallRef ref : profile.phase(phase)) {
                Long n = counts.get(ref);
                String runs = merged ? profile.coverage().of(phase, ref) + "/" + profile.coverage().runs() : "";
                System.out.printf(row, phase.key(), Printable.of(ref.text()), n == null ? "-" : n.toString(), runs);
            }
        }
        System.out.printf("%ninit %d, main %d, init ∪ main %d syscalls%n", profile.phase(Phase.INIT).size(),
                profile.phase(Phase.MAIN).size(), profile.all().size());
        System.out.println(profile.baseline().isEmpty() ? "baseline: none"
                : "baseline (allowed in every phase besides the above): " + profile.baseline().calls().stream()
                        .map(SyscallRef::text).collect(java.util.stream.Collectors.joining(" ")));
        Loopholes.warn(profile, file);
        return ExitCodes.OK;
    }
}
