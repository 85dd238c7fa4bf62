package dev.syscage.cli;

import dev.syscage.export.ContainerRuntime;
import dev.syscage.export.ExportException;
import dev.syscage.export.ExportOptions;
import dev.syscage.export.Exporter;
import dev.syscage.export.Formats;
import dev.syscage.nativeparts.NativeContract;
import dev.syscage.policy.Profile;
import dev.syscage.policy.ProfileYaml;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Dispatches to the format; the formats themselves live in dev.syscage.export. */
@Command(name = "export", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n", footer = {
            "  syscage export --format oci app.yaml -o seccomp.json",
            "  syscage export --format systemd app.yaml -o /etc/systemd/system/app.service.d/seccomp.conf"},
        description = "Write a profile in a form another enforcer reads (formats below).")
final class ExportCommand implements Callable<Integer> {

    @Option(names = {"-f", "--format"}, required = true, paramLabel = "FORMAT",
            description = "the format (list below)")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "write here instead of stdout")
    Path output;

    @Option(names = "--action", paramLabel = "ACTION",
            description = "oci, docker, k8s, systemd, firejail, bpf: what a call outside the allowlist gets: " + NativeContract.ACTIONS
                    + " (default: errno for oci, docker and k8s, i.e. EPERM as under Docker's profile; kill for systemd and bpf; EPERM for firejail)")
    String action;

    @Option(names = "--runtime", paramLabel = "RUNTIME", defaultValue = "any",
            description = "oci, docker, k8s: the container runtime whose own calls after installing the filter are added: "
                    + "runc, crun (noNewPrivileges: true), runc-no-nnp, crun-no-nnp (noNewPrivileges: false, the "
                    + "default of Docker, Podman and Kubernetes), any (all of them), none (default: ${DEFAULT-VALUE})")
    String runtime;

    @Option(names = "--name", paramLabel = "NAME",
            description = "k8s: metadata.name of the resource (default: from the profiled program's name)")
    String name;

    @Parameters(index = "0", paramLabel = "FILE", description = "a profile written by 'syscage profile' or 'merge'")
    Path file;

    /** The per-format lines of the help: each format's phases and why. */
    static List<String> formatHelp() {
        List<String> lines = new ArrayList<>(List.of("", "Formats (phases carried, and why):"));
        for (Exporter f : Formats.all()) {
            lines.add("  " + f.name() + " (" + String.join(" + ", f.phases().stream().map(p -> p.key()).toList())
                    + "): " + f.why());
        }
        return lines;
    }

    @Override
    public Integer call() throws Exception {
        Exporter exporter = Formats.byName(format).orElseThrow(() -> new UserError(ExitCodes.BAD_INPUT,
                "unknown format '" + format + "'; use one of " + Formats.names()));
        if (action != null && !exporter.takesAction()) {
            throw new UserError(ExitCodes.BAD_INPUT, "--action does not apply to --format " + format
                    + "; it applies to oci, docker, k8s, systemd, firejail and bpf");
        }
        if (action != null && !NativeContract.isAction(action)) {
            throw new UserError(ExitCodes.BAD_INPUT, "unknown action '" + action + "'; use " + NativeContract.ACTIONS);
        }
        ContainerRuntime rt = ContainerRuntime.byKey(runtime).orElseThrow(() -> new UserError(ExitCodes.BAD_INPUT,
                "unknown runtime '" + runtime + "'; use one of " + ContainerRuntime.keys()));
        if (exporter.binary() && output == null && System.console() != null) {
            throw new UserError(ExitCodes.BAD_INPUT, "--format " + format + " is binary; give -o FILE or redirect "
                    + "the output (bwrap --seccomp 9 9<FILE reads it)");
        }
        if (output != null) Output.check(output, "give -o a file in a writable directory");
        Profile profile = ProfileYaml.read(file);
        byte[] out;
        try {
            out = exporter.bytes(profile, new ExportOptions(action, rt, name != null ? name : defaultName(profile)));
        } catch (ExportException e) {
            throw new UserError(ExitCodes.BAD_INPUT, file + ": " + e.getMessage());
        }
        if (output == null) {
            System.out.write(out);
            System.out.flush();
        } else {
            Output.write(output, out);
        }
        return ExitCodes.OK;
    }

    /**
     * A Kubernetes-safe name from the program the user ran (the command's first word: /usr/bin/redis-server, not
     * the redis-check-rdb it links to), else the executable the kernel named, else the profile's file name.
     */
    private String defaultName(Profile profile) {
        var m = profile.metadata();
        String source = !m.command().isEmpty() ? m.command().get(0) : m.exe() != null ? m.exe() : file.toString();
        String base = Path.of(source).getFileName().toString().replaceFirst("(\\.syscage)?\\.ya?ml$", "");
        String safe = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]+", "-").replaceAll("^[-.]+|[-.]+$", "");
        return safe.isEmpty() ? "syscage-profile" : safe;
    }
}
