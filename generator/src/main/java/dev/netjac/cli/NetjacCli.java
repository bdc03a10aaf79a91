package dev.netjac.cli;

import dev.netjac.NetjacException;
import dev.netjac.UserText;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code netjac} command line. Exit codes: 0 success, 1 a check found a disagreement, 2 bad input or
 * usage (a one-line message on stderr; the stack trace only with {@code --verbose}).
 */
@Command(name = "netjac", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, scope = CommandLine.ScopeType.INHERIT,
        footerHeading = "%nExamples (each command's --help has more):%n",
        footer = {"  netjac inspect samples/seed/scaled/seed.json", "  netjac check samples/cnn/model.json --points 3",
                "  netjac demo"},
        description = "Compiles trained neural networks into Java classes with fast, exact Jacobians.",
        subcommands = {GenerateCommand.class, InspectCommand.class, CheckCommand.class, EvalCommand.class,
                DemoCommand.class, ViewCommand.class, CommandLine.HelpCommand.class})
public final class NetjacCli implements Runnable {
    static final int CHECK_FAILED = 1;
    static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: " + COMMANDS);
    }

    private static final String COMMANDS = "generate, inspect, check, eval, demo, view or help";

    /**
     * The first word of {@code args} when it is not a command: the root command takes only options without
     * values (--help, --version), so its first other word must name a command, as in git.
     */
    private static String unknownCommand(CommandLine cli, String[] args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                return null;
            }
            if (!arg.startsWith("-")) {
                return cli.getSubcommands().containsKey(arg) ? null : arg;
            }
        }
        return null;
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams and returns the exit code; used by tests. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new NetjacCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(e -> BAD_INPUT);
        cli.setParameterExceptionHandler((e, a) -> {
            String message = e.getMessage();
            if (e instanceof CommandLine.UnmatchedArgumentException unmatched
                    && e.getCommandLine().getCommandSpec().parent() == null
                    && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
                message = "unknown command " + UserText.quote(unmatched.getUnmatched().get(0)) + ", expected " + COMMANDS;
            }
            err.println("netjac: " + UserText.oneLine(message));
            err.println("Try 'netjac " + (e.getCommandLine().getCommandName().equals("netjac") ? ""
                    : e.getCommandLine().getCommandName() + " ") + "--help'.");
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean verbose = parseResult.expandedArgs().contains("--verbose");
            if (e instanceof NetjacException) {
                err.println("netjac: " + UserText.oneLine(e.getMessage()));
            } else {
                // A bug rather than bad input: its message can be long (a whole generated source), so only the
                // first line; --verbose prints everything.
                String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
                if (message.length() > 300) {
                    message = message.substring(0, 300) + "...";
                }
                err.println("netjac: unexpected error: " + e.getClass().getName() + ": " + UserText.oneLine(message)
                        + (verbose ? "" : " (run with --verbose for the stack trace)"));
            }
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return BAD_INPUT;
        });
        String unknown = unknownCommand(cli, args);
        if (unknown != null) {
            // Checked before picocli parses: it would report the command's own missing parameters first and
            // never mention the word it dropped ("netjac foo eval" said MODEL was missing).
            err.println("netjac: unknown command " + UserText.quote(unknown) + ", expected " + COMMANDS);
            err.println("Try 'netjac --help'.");
            err.flush();
            return BAD_INPUT;
        }
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
