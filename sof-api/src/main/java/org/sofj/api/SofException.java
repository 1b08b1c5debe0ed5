package org.sofj.api;

/**
 * The root of sofj's domain failures. Unchecked: no API signature declares a checked exception.
 *
 * <p>Expected conditions on the hot path are return codes (see {@link Errno}), never exceptions;
 * misuse is {@link IllegalArgumentException} or {@link IllegalStateException}. A
 * {@code SofException} reports something that went wrong in the domain: a memory fault, a library
 * that cannot be loaded, an IPC request that failed.
 */
public class SofException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong, naming the field and the value
     */
    public SofException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what went wrong, naming the field and the value
     * @param cause   the underlying failure
     */
    public SofException(String message, Throwable cause) {
        super(message, cause);
    }
}
