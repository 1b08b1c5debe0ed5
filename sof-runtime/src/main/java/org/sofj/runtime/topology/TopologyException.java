package org.sofj.runtime.topology;

import java.util.regex.Pattern;

import org.sofj.api.SofException;

/**
 * A topology that cannot be read or deployed: the message is one line naming the file, the table
 * entry, the key and the value (for example {@code tone.toml: [[connection]] #2: key "from" =
 * "gain:3": ...}).
 */
public final class TopologyException extends SofException {
    private static final long serialVersionUID = 1L;
    /** C0 controls, DEL and C1 controls: a value from the file must not break or forge a line. */
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x1f\\x7f-\\x9f]");

    /**
     * @param message the one line; a control character in it (a value copied from the file: a
     *                quoted TOML string or key may hold a line feed) is written as a backslash,
     *                {@code u} and four hex digits
     */
    public TopologyException(String message) {
        super(CONTROL.matcher(message).replaceAll(
                m -> String.format("\\\\u%04x", (int) m.group().charAt(0))));
    }
}
