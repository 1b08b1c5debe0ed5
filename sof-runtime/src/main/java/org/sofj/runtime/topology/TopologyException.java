package org.sofj.runtime.topology;

import org.sofj.api.SofException;

/**
 * A topology that cannot be read or deployed: the message is one line naming the file, the table
 * entry, the key and the value (for example {@code tone.toml: [[connection]] #2: key "from" =
 * "gain:3": ...}).
 */
public final class TopologyException extends SofException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message the one line
     */
    public TopologyException(String message) {
        super(message);
    }
}
