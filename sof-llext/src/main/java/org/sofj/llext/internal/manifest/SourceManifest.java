package org.sofj.llext.internal.manifest;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import org.sofj.api.ApiVersion;

/**
 * A parsed {@code META-INF/sofj/modules.toml}.
 *
 * @param name       the library name, 1 to 8 printable ASCII characters
 * @param version    the library version
 * @param apiVersion the sof-api version the library was built against
 * @param modules    its module types, in manifest order
 */
public record SourceManifest(String name, LibraryVersion version, ApiVersion apiVersion,
        List<ModuleSpec> modules) {

    /** Where a plugin jar carries its source manifest. */
    public static final String PATH = "META-INF/sofj/modules.toml";

    /** @throws NullPointerException if a component is null */
    public SourceManifest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(apiVersion, "apiVersion");
        modules = List.copyOf(modules);
    }

    /**
     * A library version {@code major.minor.hotfix[.build]}, each number a {@code u16} of
     * {@code sof_man_fw_header}.
     *
     * @param major  0..65535
     * @param minor  0..65535
     * @param hotfix 0..65535
     * @param build  0..65535, 0 when absent
     */
    public record LibraryVersion(int major, int minor, int hotfix, int build) {
        /** major.minor.hotfix[.build], compiled once (a load parses a version). */
        private static final Pattern FORMAT = Pattern.compile("\\d{1,5}(\\.\\d{1,5}){2,3}");

        /** @throws IllegalArgumentException if a number is out of range */
        public LibraryVersion {
            for (int v : new int[] {major, minor, hotfix, build}) {
                if (v < 0 || v > 0xFFFF) {
                    throw new IllegalArgumentException("version number " + v
                            + " must be in [0, 65535]");
                }
            }
        }

        /**
         * @param text {@code major.minor.hotfix} or {@code major.minor.hotfix.build}
         * @return the version
         * @throws IllegalArgumentException if malformed
         */
        public static LibraryVersion parse(String text) {
            if (!FORMAT.matcher(text).matches()) {
                throw new IllegalArgumentException("must be major.minor.hotfix[.build]");
            }
            final String[] p = text.split("\\.");
            return new LibraryVersion(Integer.parseInt(p[0]), Integer.parseInt(p[1]),
                    Integer.parseInt(p[2]), p.length == 4 ? Integer.parseInt(p[3]) : 0);
        }
    }
}
