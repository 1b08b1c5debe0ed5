package org.sofj.cli.internal;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import org.sofj.api.SofException;
import org.sofj.api.spi.Printable;
import org.sofj.runtime.topology.TopologyException;

import picocli.CommandLine;

/**
 * The entry point of {@code sofj}: the launcher runs {@link #main}; tests call {@link #execute}
 * with their own streams, the same code path.
 */
public final class Main {
    /** Exit code of a failure inside the runtime. */
    static final int EXIT_FAILURE = 1;
    /** Exit code of a user error (bad option, file, key or value); nothing was changed. */
    static final int EXIT_USAGE = 2;
    /**
     * Exit code of a check that said no: {@code run} saw an instance FAULTED that was not
     * allowed to, {@code inspect --trust} REFUSED the library, {@code pack} made a library that
     * would not load.
     */
    static final int EXIT_REFUSED = 3;
    /** Exit code of a run stopped by Ctrl-C (SIGINT), after writing what it had: 128 + 2. */
    static final int EXIT_INTERRUPTED = 130;

    private Main() {
    }

    /**
     * Runs {@code sofj} and exits with its code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        // the runtime logs faults and leaks as they happen; the report lists them, so the
        // console shows warnings only when asked (SOFJ_LOG=INFO, WARNING, ...)
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.parse(
                System.getenv().getOrDefault("SOFJ_LOG", "SEVERE")));
        final PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        final PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(execute(args, out, err));
    }

    /**
     * Runs {@code sofj} in process.
     *
     * @param args the command line
     * @param out  where output goes
     * @param err  where errors go: one line each
     * @return the exit code, 0 on success
     */
    static int execute(String[] args, PrintWriter out, PrintWriter err) {
        final CommandLine cl = new CommandLine(new SofjCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("sofj: " + oneLine(e));
            line.getErr().flush();
            // a topology the user can fix is a usage error, as any other bad input
            return e instanceof CliException c ? c.exitCode()
                    : e instanceof TopologyException ? EXIT_USAGE : EXIT_FAILURE;
        });
        // a mistyped option or a missing parameter: one line and a hint, never the usage text
        // (that is for --help)
        cl.setParameterExceptionHandler((e, args1) -> {
            final CommandLine c = e.getCommandLine();
            final String hint = c.getCommandSpec().parent() == null ? "sofj --help"
                    : "sofj " + c.getCommandName() + " --help";
            final StringBuilder line = new StringBuilder("sofj: ").append(oneLine(e));
            final java.util.List<String> close = suggestions(e);
            if (!close.isEmpty()) {
                line.append(" (did you mean ").append(String.join(" or ", close)).append("?)");
            }
            c.getErr().println(line.append("; see ").append(hint));
            c.getErr().flush();
            return EXIT_USAGE;
        });
        final int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static java.util.List<String> suggestions(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException u) {
            return u.getSuggestions().stream().limit(3).toList();
        }
        return java.util.List.of();
    }

    /**
     * The message a person can act on: ours as is, others with their kind; on one line, and with
     * no control character for the terminal to act on (a line break becomes a space, any other
     * control character, an escape among them, a backslash, {@code u} and four hex digits),
     * whatever the file or library the message quotes holds.
     */
    static String oneLine(Throwable e) {
        final String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        final String line = e instanceof CliException || e instanceof SofException
                || e instanceof IllegalArgumentException
                || e instanceof CommandLine.ParameterException ? m
                : e.getClass().getSimpleName() + ": " + m;
        return Printable.escapeControls(line.replace('\n', ' ').replace('\r', ' '));
    }
}
