package org.sofj.cli.internal;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import org.sofj.api.SofException;

import picocli.CommandLine;

/**
 * The entry point of {@code sofj}: the launcher runs {@link #main}; tests call {@link #execute}
 * with their own streams, the same code path.
 */
public final class Main {
    /** Exit code of a user error (bad file, key or value). */
    static final int EXIT_USAGE = 2;
    /** Exit code of a failure inside the runtime. */
    static final int EXIT_FAILURE = 1;

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
            return e instanceof CliException ? EXIT_USAGE : EXIT_FAILURE;
        });
        final int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The message a person can act on: ours as is, others with their kind. */
    static String oneLine(Throwable e) {
        final String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        final String line = e instanceof CliException || e instanceof SofException
                || e instanceof IllegalArgumentException ? m
                : e.getClass().getSimpleName() + ": " + m;
        return line.replace('\n', ' ').replace('\r', ' ');
    }
}
