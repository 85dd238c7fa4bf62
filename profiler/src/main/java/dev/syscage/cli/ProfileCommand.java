package dev.syscage.cli;

import dev.syscage.policy.Profile;
import dev.syscage.policy.Printable;
import dev.syscage.run.ProfileRun;
import dev.syscage.source.Sources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "profile", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n", footer = {
            "  syscage profile -o app.yaml -- /usr/bin/app --flag",
            "  syscage profile --repeat 3 --timeout 30s -o srv.yaml -- /usr/sbin/server"},
        description = {"Run CMD with every syscall logged, and write the allowlist it needs, split into the "
                + "init phase (loader, libc start-up) and the main phase.",
                "Exits with CMD's exit status; a summary goes to stderr. When audit records of the run were lost, or "
                        + "their loss cannot be ruled out, the profile is written marked incomplete and syscage exits 122 "
                        + "(unless --allow-incomplete)."})
final class ProfileCommand implements Callable<Integer> {
    /** Runs of one --repeat: enough for any coverage question, bounded against a typo. */
    private static final int MAX_REPEAT = 1000;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "where to write the profile (default: NAME.syscage.yaml, NAME being CMD's file name)")
    Path output;

    @Option(names = "--source", paramLabel = "SOURCE", defaultValue = Sources.NETLINK,
            description = "where audit records come from: netlink (the audit multicast group: lossless), auditd "
                    + "(the audit daemon's log: lossless), kmsg (the kernel log: loses records), auto (the best that "
                    + "works here) (default: ${DEFAULT-VALUE})")
    String source;

    @Option(names = "--allow-incomplete",
            description = "exit with CMD's status even when records were lost or their loss cannot be ruled out (the "
                    + "profile says it is incomplete)")
    boolean allowIncomplete;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "end the run after DURATION (30s, 5m, 1h): SIGTERM to every process of the run, SIGKILL "
                    + "5 s later to any left; the run lasts until its last process is gone, daemons that outlive "
                    + "CMD included, and the profile is kept")
    Duration timeout;

    @Option(names = "--base", paramLabel = "OLD",
            description = "incremental profiling: allow OLD's calls without logging them, so only what OLD lacks "
                    + "costs anything; the profile written is OLD plus what is new, which is reported (a call the "
                    + "program no longer makes shows only in a full run)")
    Path base;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "run CMD N times and write the runs merged (as syscage merge does), with in how many runs "
                    + "each call was made; the summary names the calls only some runs made (default: ${DEFAULT-VALUE})")
    int repeat;

    @Mixin
    BaselineOption baseline;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "the program and its arguments")
    List<String> command;

    @Override
    public Integer call() throws Exception {
        if (!Sources.NAMES.contains(source)) {
            throw new UserError(ExitCodes.BAD_INPUT, "unknown source '" + source + "'; use one of "
                    + String.join(", ", Sources.NAMES));
        }
        if (repeat < 1 || repeat > MAX_REPEAT) {
            throw new UserError(ExitCodes.BAD_INPUT, "--repeat " + repeat + " is not a number of runs; use 1 to "
                    + MAX_REPEAT);
        }
        Path out = Output.check(output != null ? output : Path.of(Path.of(command.get(0)).getFileName()
                + ".syscage.yaml"), output != null ? "give -o a file in a writable directory"
                : "give -o FILE in a writable directory");
        Profile old = base == null ? null : PolicyFile.readForThisMachine(base, "profile without --base");
        // OLD's calls run unlogged: its lists, and only the baseline this profile will carry (a call of OLD's
        // baseline that this one lacks must be logged, or --no-baseline would lose it).
        Profile unlogged = old == null ? null : baseline.applyTo(old);
        String from = chosen();
        RepeatedRuns runs = new RepeatedRuns();
        ProfileRun.Result result;
        do {
            if (repeat > 1) System.err.println("syscage: run " + (runs.size() + 1) + " of " + repeat);
            result = Profiling.run(command, from, new ProfileRun.Options(unlogged, timeout));
            if (result.profile() == null) {
                System.err.println("syscage: no profile written: " + Printable.of(command.get(0))
                        + " did not start under the profiler (exit status " + result.exitStatus() + ")");
                return Profiling.status(result, result.exitStatus());
            }
            runs.add(result);
        } while (runs.size() < repeat && !result.ending().interrupted());
        Profile profile = baseline.applyTo(runs.merged());
        Output.Written written = Output.profile(profile, out);
        Summary.print("profiled " + String.join(" ", command) + runs.what(), profile, written.path());
        Summary.partialCoverage(profile);
        if (old != null) Summary.newAgainst(base, old, profile);
        ProfileRun.Result lossy = runs.verdict();
        int status = Summary.verdict(lossy.loss(), lossy.lossAdvice(), written.path(), allowIncomplete,
                runs.exitStatus());
        if (result.ending().interrupted()) {
            System.err.println("syscage: the run was cut short by " + result.ending().signalName() + "; "
                    + Printable.of(written.path()) + " is marked incomplete");
        }
        return written.report(Profiling.status(result, status));
    }

    /** The source to open: the one named, or for auto the best that works here, said on stderr with why. */
    private String chosen() {
        if (!source.equals(Sources.AUTO)) return source;
        List<Sources.Check> checks = Sources.check();
        Sources.Check best = Sources.best(checks).orElseThrow(() -> new UserError(ExitCodes.SETUP_FAILED,
                "no audit source works here (" + checks.stream().map(c -> c.source() + ": " + c.detail())
                        .collect(Collectors.joining("; ")) + "); run syscage as root"));
        System.err.println("syscage: source " + best.source() + " (auto: " + best.detail()
                + (best.lossless() ? "; lossless)" : "; it loses records, and no lossless source works here)"));
        return best.source();
    }
}
