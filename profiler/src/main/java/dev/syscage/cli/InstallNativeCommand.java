package dev.syscage.cli;

import dev.syscage.nativeparts.NativeContract;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "install-native", mixinStandardHelpOptions = true,
        description = {"Copy " + NativeContract.LAUNCHER + " and " + NativeContract.PRELOAD + " into DIR, for hosts "
                + "that enforce policies without a JVM."})
final class InstallNativeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "the directory to copy them to (created if missing)")
    Path dir;

    @Override
    public Integer call() throws Exception {
        NativeCli.parts().copyTo(dir);
        Path launcher = dir.toAbsolutePath().resolve(NativeContract.LAUNCHER);
        System.out.println("installed " + launcher + " and " + dir.toAbsolutePath().resolve(NativeContract.PRELOAD));
        System.out.println("enforce with: syscage export --format syscage PROFILE -o app.policy && " + launcher
                + " --policy app.policy -- CMD ARGS");
        return ExitCodes.OK;
    }
}
