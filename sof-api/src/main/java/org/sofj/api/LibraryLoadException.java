package org.sofj.api;

/**
 * A library could not be packed, verified, linked or loaded. The loader's state is unchanged when
 * this is thrown: nothing of the library is left behind.
 */
public class LibraryLoadException extends SofException {
    private static final long serialVersionUID = 1L;

    /** The negative errno SOF would return for this failure. */
    private final int errno;

    /**
     * Creates the exception.
     *
     * @param errno   the negative errno SOF would return for this failure, e.g.
     *                {@code -Errno.EACCES} for an untrusted signature
     * @param message the reason, naming what a person can act on
     */
    public LibraryLoadException(int errno, String message) {
        super(message + " (" + Errno.name(errno) + ")");
        this.errno = errno;
    }

    /**
     * Creates the exception with a cause.
     *
     * @param errno   the negative errno SOF would return for this failure
     * @param message the reason
     * @param cause   the underlying failure
     */
    public LibraryLoadException(int errno, String message, Throwable cause) {
        super(message + " (" + Errno.name(errno) + ")", cause);
        this.errno = errno;
    }

    /**
     * The negative errno of this failure.
     *
     * @return e.g. {@code -Errno.EACCES}, {@code -Errno.EBUSY}, {@code -Errno.EINVAL}
     */
    public int errno() {
        return errno;
    }
}
