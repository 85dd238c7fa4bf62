package dev.syscage.cli;

import dev.syscage.nativeparts.NativeContract;
import dev.syscage.nativeparts.NativeParts;
import dev.syscage.policy.Printable;
import dev.syscage.policy.ProfileFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "install-native", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n", footer = {"  syscage install-native /usr/local/lib/syscage"},
        description = {"Copy " + NativeContract.LAUNCHER + " and " + NativeContract.PRELOAD + " into DIR, for hosts "
                + "that enforce policies without a JVM."})
final class InstallNativeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "the directory to copy them to (created if missing)")
    Path dir;

    @Override
    public Integer call() throws Exception {
        NativeParts parts = NativeCli.parts();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserError(ExitCodes.BAD_INPUT, "cannot create " + dir + ": "
                    + ProfileFiles.reason(e) + "; give a directory you can write");
        }
        Output.check(dir.resolve(NativeContract.LAUNCHER), "give a directory you can write");
        try {
            parts.copyTo(dir);
        } catch (IOException e) {
            throw new UserError(ExitCodes.SETUP_FAILED, "cannot install into " + dir + ": "
                    + ProfileFiles.reason(e) + "; free space or give another directory");
        }
        Path launcher = dir.toAbsolutePath().resolve(NativeContract.LAUNCHER);
        System.out.println("installed " + Printable.of(launcher) + " and "
                + Printable.of(dir.toAbsolutePath().resolve(NativeContract.PRELOAD)));
        System.out.println("enforce with: syscage export --format syscage PROFILE -o app.policy && " + Printable.of(launcher)
                + " --policy app.policy -- CMD ARGS");
        return ExitCodes.OK;
    }
}
