package org.sofj.api.spi;

/**
 * Text the platform did not write (a file's key or value, a library's entry or module name, a
 * module's exception message) made safe for one line of a log, a report or a terminal: the kernel,
 * the loader and the command line print it only through here, so none can break a line, forge
 * one or send a terminal an escape sequence.
 */
public final class Printable {
    private Printable() {
    }

    /**
     * @param s any text
     * @return {@code s} with each control character (C0, DEL, C1) written as a backslash,
     *     {@code u} and four hex digits; {@code s} itself when it has none (no allocation)
     */
    public static String escapeControls(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            final boolean control = c < 0x20 || c >= 0x7F && c <= 0x9F;
            if (control && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (control) {
                b.append(String.format("\\u%04x", (int) c));
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }
}
