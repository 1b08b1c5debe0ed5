package org.sofj.api;

/**
 * An IPC4 request failed; carries the status the reply had.
 */
public class IpcException extends SofException {
    private static final long serialVersionUID = 1L;

    /** The IPC4 status of the failed reply, one of {@link Ipc4Status}. */
    private final int status;

    /**
     * Creates the exception.
     *
     * @param status  the IPC4 status of the reply, one of {@link Ipc4Status}
     * @param message what failed, naming the request and the value
     */
    public IpcException(int status, String message) {
        super(message + " (IPC4 status " + Ipc4Status.name(status) + ")");
        this.status = status;
    }

    /**
     * The IPC4 status of the failed reply.
     *
     * @return a value of {@link Ipc4Status}, never {@link Ipc4Status#SUCCESS}
     */
    public int status() {
        return status;
    }
}
