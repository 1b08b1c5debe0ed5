package org.sofj.cli.internal;

/**
 * A mistake the user can fix: its message is one line naming the file, key and value, printed
 * as {@code sofj: <message>} without a stack trace, and the command exits with
 * {@link Main#EXIT_USAGE}.
 */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CliException(String message) {
        super(message, null, false, false);
    }
}
