package org.sofj.runtime.ipc;

/**
 * Range checks for the compact constructors of the message records: misuse is an
 * {@link IllegalArgumentException} naming the field and the value.
 */
final class Fields {
    private Fields() {
    }

    /**
     * Checks {@code min <= value <= max}.
     *
     * @param name  the field name for the message
     * @param value the value
     * @param min   the smallest allowed value
     * @param max   the largest allowed value
     * @return {@code value}
     * @throws IllegalArgumentException naming the field and value if out of range
     */
    static int check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + "=" + value + " must be in [" + min + ", "
                    + max + "]");
        }
        return value;
    }

    /** {@return {@code value} formatted as {@code 0x%08x}, for messages and {@code toString}} */
    static String hex(int value) {
        return String.format("0x%08x", value);
    }
}
