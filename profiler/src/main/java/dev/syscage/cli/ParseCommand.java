package dev.syscage.cli;

import dev.syscage.nativeparts.NativeContract;
import dev.syscage.phase.ProcessFilter;
import dev.syscage.policy.Profile;
import dev.syscage.policy.ProfileYaml;
import dev.syscage.policy.Printable;
import dev.syscage.run.LogProfile;
import dev.syscage.source.FileSource;
import dev.syscage.syscalls.SyscallTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "parse", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n", footer = {
            "  syscage parse -o app.yaml /var/log/audit/audit.log",
            "  journalctl -k | syscage parse --exe /usr/bin/app -o app.yaml -"},
        description = {"Build a profile from saved logs: auditd's audit.log (raw or enriched) or the kernel log "
                + "(dmesg, journalctl -k, syslog) with 'audit: type=1326' lines, plain or gzip-compressed, from this "
                + "machine or another; '-' reads standard input.",
                "A syscage run recorded in the log (its phase markers) is split into init and main as 'profile' "
                        + "does; without markers, the records of the processes named by --pid/--exe/--comm all go "
                        + "to the main phase.",
                "Exits 0, or 122 when the log lacks records of the run (the profile is written marked incomplete)."})
final class ParseCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "log files, in any order (rotated ones too)")
    List<Path> files;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "where to write the profile (default: NAME.syscage.yaml, NAME being the program's file name)")
    Path output;

    @Option(names = "--pid", paramLabel = "N", description = "only records of this process (repeatable)")
    List<Long> pids = List.of();

    @Option(names = "--exe", paramLabel = "PATH", description = "only records of this executable (repeatable)")
    List<String> exes = List.of();

    @Option(names = "--comm", paramLabel = "NAME", description = "only records of this command name (repeatable)")
    List<String> comms = List.of();

    @Option(names = "--session", paramLabel = "TOKEN",
            description = "the syscage run with this marker token (default: the run with the most records)")
    Integer session;

    @Option(names = "--allow-incomplete", description = "exit 0 even when the log lacks records of the run")
    boolean allowIncomplete;

    @Mixin
    BaselineOption baseline;

    @Override
    public Integer call() throws Exception {
        for (Path f : files) {
            if (f.equals(FileSource.STDIN)) continue;
            if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
                throw new UserError(ExitCodes.BAD_INPUT, "cannot read " + f + ": "
                        + (Files.exists(f) ? "not a readable file" : "no such file") + "; check the path");
            }
        }
        if (files.stream().filter(FileSource.STDIN::equals).count() > 1) {
            throw new UserError(ExitCodes.BAD_INPUT, "'-' (standard input) is given twice; give it once");
        }
        if (session != null && (session < 0 || session > NativeContract.TOKEN_MAX)) {
            throw new UserError(ExitCodes.BAD_INPUT, "--session " + session + " is not a marker token; use 0 to "
                    + NativeContract.TOKEN_MAX);
        }
        if (output != null) {
            Output.check(output, "give -o a file in a writable directory");
        } else {
            Output.check(Path.of("log.syscage.yaml"), "give -o FILE in a writable directory");
        }
        SyscallTable table = SyscallTable.get();
        LogProfile.Options options = new LogProfile.Options(session == null ? OptionalInt.empty()
                : OptionalInt.of(session), new ProcessFilter(Set.copyOf(pids), Set.copyOf(exes), Set.copyOf(comms)));
        LogProfile.Result result = LogProfile.build(FileSource.of(files), options, table, "syscage " + Main.version());
        if (result.profile() == null) throw new UserError(ExitCodes.BAD_INPUT, result.problem());
        Profile profile = baseline.applyTo(result.profile());
        String exe = profile.metadata().exe();
        Path out = output != null ? output
                : Path.of((exe == null ? "log" : Path.of(exe).getFileName().toString()) + ".syscage.yaml");
        Output.Written written = Output.profile(profile, out);
        System.err.println("syscage: profiled " + Printable.of(result.chosen()));
        Summary.print("parsed " + files.size() + " file(s)", profile, written.path());
        return written.report(Summary.verdict(result.loss(), result.lossAdvice(), written.path(), allowIncomplete,
                ExitCodes.OK));
    }
}
