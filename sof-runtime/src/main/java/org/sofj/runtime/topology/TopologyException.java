package org.sofj.runtime.topology;

import org.sofj.api.SofException;
import org.sofj.api.spi.Printable;

/**
 * A topology that cannot be read or deployed: the message is one line naming the file, the table
 * entry, the key and the value (for example {@code tone.toml: [[connection]] #2: key "from" =
 * "gain:3": ...}).
 */
public final class TopologyException extends SofException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message the one line; a control character in it (a value copied from the file: a
     *                quoted TOML string or key may hold a line feed) is written as a backslash,
     *                {@code u} and four hex digits
     */
    public TopologyException(String message) {
        super(Printable.escapeControls(message));
    }
}
