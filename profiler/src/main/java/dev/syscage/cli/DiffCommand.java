package dev.syscage.cli;

import dev.syscage.diff.JsonRenderer;
import dev.syscage.diff.MarkdownRenderer;
import dev.syscage.diff.ProfileDiff;
import dev.syscage.diff.TableRenderer;
import dev.syscage.imports.PolicyImport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "diff", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n", footer = {
            "  syscage diff v1.yaml v2.yaml",
            "  syscage diff --fail-on risky --format markdown docker-default.json app.yaml > diff.md"},
        description = {"Compare two profiles' allowlists: per phase the syscalls added and removed, those moved "
                + "between init and main, risky ones newly allowed, and per executable when both ran several.",
                "Exit status like diff(1): 0 same, 1 different (see --fail-on), 2 trouble (bad input)."})
final class DiffCommand implements Callable<Integer> {
    enum Format { table, json, markdown }

    /** Which differences make the exit status 1. */
    enum FailOn { any, added, risky }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table (for a terminal), json (for tools) or markdown (for a pull-request comment); "
                    + "default: ${DEFAULT-VALUE}")
    Format format;

    @Option(names = "--fail-on", paramLabel = "WHAT", defaultValue = "any",
            description = "exit 1 on: any (any change of the allowlist), added (the new profile allows a call the "
                    + "old one refused: new in main, or new anywhere), risky (such a call is on the risk list); "
                    + "default: ${DEFAULT-VALUE}")
    FailOn failOn;

    @Parameters(index = "0", paramLabel = "OLD", description = "the earlier profile, or an allowlist shipped today: "
            + "an OCI/Docker seccomp JSON profile or a systemd unit's SystemCallFilter= lines (both phases hold it)")
    Path older;

    @Parameters(index = "1", paramLabel = "NEW", description = "the later profile (or an allowlist, as OLD)")
    Path newer;

    @Override
    public Integer call() throws Exception {
        ProfileDiff d = ProfileDiff.of(older.toString(), PolicyImport.read(older), newer.toString(),
                PolicyImport.read(newer));
        String text = switch (format) {
            case table -> new TableRenderer(Colour.onStdout()).render(d);
            case json -> new JsonRenderer().render(d);
            case markdown -> new MarkdownRenderer().render(d);
        };
        System.out.print(text);
        System.out.flush();
        boolean fail = switch (failOn) {
            case any -> !d.same();
            case added -> d.widens();
            case risky -> !d.risky().isEmpty();
        };
        return fail ? ExitCodes.DIFFERENT : ExitCodes.OK;
    }
}
