package dev.syscage.cli;

import dev.syscage.policy.PolicyException;
import dev.syscage.source.AuditAccessException;
import dev.syscage.syscalls.SyscallTableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "syscage", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Learn the minimal seccomp allowlist of a program, split into its init and main phases, "
                + "and run it confined by that allowlist.",
        subcommands = {ProfileCommand.class, ParseCommand.class, RunCommand.class, VerifyCommand.class,
                ShowCommand.class, CheckCommand.class, DiffCommand.class, MergeCommand.class, ExportCommand.class,
                DoctorCommand.class, InstallNativeCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit status; every error is one line on stderr. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        // Everything after the target's name is the target's, even words that look like options.
        for (String targetTaking : new String[] {"profile", "run", "verify"}) {
            cli.getSubcommands().get(targetTaking).setStopAtPositional(true);
        }
        cli.getSubcommands().get("export").getCommandSpec().usageMessage()
                .footer(ExportCommand.formatHelp().toArray(String[]::new));
        cli.setParameterExceptionHandler((e, a) -> {
            String command = e.getCommandLine().getCommandName();
            System.err.println("syscage: " + e.getMessage() + "; see 'syscage "
                    + ("syscage".equals(command) ? "" : command + " ") + "--help'");
            return ExitCodes.BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, c, p) -> report(e));
        return cli.execute(args);
    }

    static int report(Exception e) {
        Throwable t = e;
        if (t instanceof UncheckedIOException u) t = u.getCause();
        int code;
        String message = t.getMessage();
        if (t instanceof UserError u) {
            code = u.exitCode();
        } else if (t instanceof PolicyException) {
            code = ExitCodes.BAD_INPUT;
        } else if (t instanceof AuditAccessException || t instanceof SyscallTableException) {
            code = ExitCodes.SETUP_FAILED;
        } else if (t instanceof IOException) {
            code = ExitCodes.SETUP_FAILED;
        } else {
            code = ExitCodes.INTERNAL;
            message = "internal error (" + t.getClass().getSimpleName() + ": " + t.getMessage()
                    + "); please report it with SYSCAGE_DEBUG=1 output";
        }
        System.err.println("syscage: " + message);
        if (System.getenv("SYSCAGE_DEBUG") != null) e.printStackTrace();
        return code;
    }

    @Override
    public void run() {
        throw new UserError(ExitCodes.BAD_INPUT, "missing command; see 'syscage --help'");
    }

    /** The version the build stamped into syscage.properties. */
    public static String version() {
        try (InputStream in = Main.class.getResourceAsStream("/syscage.properties")) {
            Properties p = new Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"syscage " + version()};
        }
    }
}
