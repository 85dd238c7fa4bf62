package dev.syscage.cli;

import dev.syscage.nativeparts.NativeParts;
import dev.syscage.policy.PolicyException;
import dev.syscage.policy.Printable;
import dev.syscage.source.AuditAccessException;
import dev.syscage.syscalls.SyscallTableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "syscage", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Learn the minimal seccomp allowlist of a program, split into its init and main phases, "
                + "and run it confined by that allowlist.")
public final class Main implements Runnable {
    /**
     * The subcommands, in the order help lists them. picocli reads each one's annotations by reflection when
     * it is added, which is most of the CLI's start-up, so a command line naming one adds only that one.
     */
    private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

    static {
        Jna.configure();
        COMMANDS.put("profile", ProfileCommand::new);
        COMMANDS.put("parse", ParseCommand::new);
        COMMANDS.put("run", RunCommand::new);
        COMMANDS.put("verify", VerifyCommand::new);
        COMMANDS.put("show", ShowCommand::new);
        COMMANDS.put("check", CheckCommand::new);
        COMMANDS.put("diff", DiffCommand::new);
        COMMANDS.put("merge", MergeCommand::new);
        COMMANDS.put("export", ExportCommand::new);
        COMMANDS.put("doctor", DoctorCommand::new);
        COMMANDS.put("install-native", InstallNativeCommand::new);
        COMMANDS.put("help", CommandLine.HelpCommand::new);
    }

    public static void main(String[] args) {
        int code;
        try {
            code = execute(args);
        } catch (OutOfMemoryError e) {
            // The wrapper caps the heap of profile and parse (memory stays flat); a profile of very many
            // executables may need more. The other commands read files of bounded size with the JVM's default.
            boolean capped = args.length > 0 && (args[0].equals("profile") || args[0].equals("parse"));
            System.err.println("syscage: out of memory (a heap of " + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MB); run it again with a larger one, e.g. " + (capped ? "SYSCAGE_HEAP=256m"
                    : "JAVA_TOOL_OPTIONS=-Xmx1g"));
            code = ExitCodes.SETUP_FAILED;
        } catch (LinkageError e) {
            String jna = Jna.failure();
            System.err.println("syscage: " + (jna != null ? jna : "internal error (" + e + "); please report it"));
            if (System.getenv("SYSCAGE_DEBUG") != null) e.printStackTrace();
            code = jna != null ? ExitCodes.SETUP_FAILED : ExitCodes.INTERNAL;
        }
        System.exit(code);
    }

    /** Runs the command line and returns the exit status; every error is one line on stderr. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        // help (of all commands) needs them all; so does anything that is not a command's name but the version
        boolean one = args.length > 0 && COMMANDS.containsKey(args[0]) && !args[0].equals("help");
        boolean none = args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
        COMMANDS.forEach((name, command) -> {
            if (!none && (!one || name.equals(args[0]))) cli.addSubcommand(name, command.get());
        });
        // Everything after the target's name is the target's, even words that look like options.
        for (String targetTaking : new String[] {"profile", "run", "verify"}) {
            CommandLine sub = cli.getSubcommands().get(targetTaking);
            if (sub != null) sub.setStopAtPositional(true);
        }
        CommandLine export = cli.getSubcommands().get("export");
        // the formats' help loads every exporter (and JSON support): only for export's own help
        if (export != null) {
            var usage = export.getCommandSpec().usageMessage();
            usage.footer(Stream.concat(Stream.of(usage.footer()), ExportCommand.formatHelp().stream()).toArray(String[]::new));
        }
        cli.setParameterExceptionHandler((e, a) -> {
            String command = e.getCommandLine().getCommandName();
            System.err.println("syscage: " + e.getMessage() + suggestion(e) + "; see 'syscage "
                    + ("syscage".equals(command) ? "" : command + " ") + "--help'");
            return ExitCodes.BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, c, p) -> report(e));
        return cli.execute(args);
    }

    /** For a mistyped command or option: "; did you mean 'profile'?" (picocli's nearest names), else nothing. */
    private static String suggestion(CommandLine.ParameterException e) {
        if (!(e instanceof CommandLine.UnmatchedArgumentException u) || u.getSuggestions().isEmpty()) return "";
        return "; did you mean " + String.join(" or ", u.getSuggestions().stream().limit(3).map(n -> "'" + n + "'")
                .toList()) + "?";
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
        // one line, whatever file names or profile contents the message quotes
        System.err.println("syscage: " + Printable.of(message));
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

    /** The build's version and commit, the native parts' libseccomp, and the kernel's seccomp features. */
    static final class Version implements CommandLine.IVersionProvider {
        private static final Path ACTIONS_AVAIL = Path.of("/proc/sys/kernel/seccomp/actions_avail");
        private static final Path ACTIONS_LOGGED = Path.of("/proc/sys/kernel/seccomp/actions_logged");

        @Override
        public String[] getVersion() {
            return new String[] {"syscage " + version() + " (commit " + commit() + ")", "native parts: " + nativeParts(),
                    "kernel " + System.getProperty("os.version") + ": seccomp actions " + firstLine(ACTIONS_AVAIL)
                            + "; logged " + firstLine(ACTIONS_LOGGED)};
        }

        private static String commit() {
            try (InputStream in = Main.class.getResourceAsStream("/syscage-commit.txt")) {
                return in == null ? "unknown" : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                return "unknown";
            }
        }

        /** What the launcher says of itself: the libseccomp it was linked with. */
        private static String nativeParts() {
            try {
                NativeParts parts = NativeParts.unpack();
                Process p = new ProcessBuilder(parts.launcher().toString(), "--version")
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                return p.waitFor() == 0 ? out : "the launcher does not run (exit " + p.exitValue() + ")";
            } catch (IOException | RuntimeException e) {
                return "not available (" + e.getMessage() + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "not asked (interrupted)";
            }
        }

        private static String firstLine(Path file) {
            try {
                return Files.readString(file).strip();
            } catch (IOException e) {
                return "unknown (" + file + " unreadable)";
            }
        }
    }
}
