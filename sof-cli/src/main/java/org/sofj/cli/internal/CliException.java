package org.sofj.cli.internal;

/**
 * A mistake the user can fix: its message is one line naming the file, key and value, printed
 * as {@code sofj: <message>} without a stack trace, and the command exits with
 * {@link Main#EXIT_USAGE} unless it says otherwise.
 */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    CliException(String message) {
        this(message, Main.EXIT_USAGE);
    }

    /**
     * @param message  the one line
     * @param exitCode the code the command exits with, e.g. {@link Main#EXIT_REFUSED}
     */
    CliException(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /** @return the code the command exits with */
    int exitCode() {
        return exitCode;
    }
}
