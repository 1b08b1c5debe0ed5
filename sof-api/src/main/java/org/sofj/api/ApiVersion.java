package org.sofj.api;

/**
 * A version of an API, encoded as SOF encodes its module API version:
 * {@code major << 20 | middle << 10 | minor}.
 *
 * @param major  breaking changes, 0..4095
 * @param middle compatible additions, 0..1023
 * @param minor  fixes, 0..1023
 */
public record ApiVersion(int major, int middle, int minor) {

    /** The version of this sof-api. Libraries record the version they were built against. */
    public static final ApiVersion CURRENT = new ApiVersion(1, 0, 0);

    /** SOF's module API version, 5.0.1, written into a library's build info as SOF does. */
    public static final ApiVersion SOF_MODULE_API = new ApiVersion(5, 0, 1);

    /** SOF's build-info format word, {@code 0x80000000}. */
    public static final int BUILD_INFO_FORMAT = 0x80000000;

    /**
     * Validates the fields.
     *
     * @param major breaking changes, 0..4095
     * @param middle compatible additions, 0..1023
     * @param minor fixes, 0..1023
     * @throws IllegalArgumentException naming the field and value if out of range
     */
    public ApiVersion {
        if (major < 0 || major > 0xFFF) {
            throw new IllegalArgumentException("major=" + major + " must be in [0, 4095]");
        }
        if (middle < 0 || middle > 0x3FF) {
            throw new IllegalArgumentException("middle=" + middle + " must be in [0, 1023]");
        }
        if (minor < 0 || minor > 0x3FF) {
            throw new IllegalArgumentException("minor=" + minor + " must be in [0, 1023]");
        }
    }

    /** {@return {@code major << 20 | middle << 10 | minor}} */
    public int encode() {
        return major << 20 | middle << 10 | minor;
    }

    /**
     * Decodes {@link #encode()}.
     *
     * @param encoded the encoded version
     * @return the version
     */
    public static ApiVersion decode(int encoded) {
        return new ApiVersion(encoded >>> 20, encoded >>> 10 & 0x3FF, encoded & 0x3FF);
    }

    /**
     * Parses {@code "major.middle.minor"}.
     *
     * @param text the text
     * @return the version
     * @throws IllegalArgumentException naming the text if malformed
     */
    public static ApiVersion parse(String text) {
        final String[] parts = text.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("version=\"" + text
                    + "\" must be major.middle.minor");
        }
        try {
            return new ApiVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                    Integer.parseInt(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("version=\"" + text
                    + "\" must be three numbers", e);
        }
    }

    /**
     * Whether a library built against {@code builtAgainst} can run on this version: the same
     * major, and no newer middle (a library must not need additions this version lacks).
     *
     * @param builtAgainst the version a library was compiled against
     * @return {@code true} if compatible
     */
    public boolean canRun(ApiVersion builtAgainst) {
        return builtAgainst.major == major && builtAgainst.middle <= middle;
    }

    @Override
    public String toString() {
        return major + "." + middle + "." + minor;
    }
}
