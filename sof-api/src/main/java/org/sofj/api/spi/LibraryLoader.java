package org.sofj.api.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.sofj.api.ModuleDescription;

/**
 * Loads signed libraries: verifies, link-checks and defines each in its own module layer.
 * Called by the kernel's IPC thread only.
 */
public interface LibraryLoader {

    /** A library that was loaded. */
    interface Library {
        /** @return its id, 1..15 */
        int libId();

        /** @return its name from the manifest */
        String name();

        /** @return its module types, in manifest order (entry index order) */
        List<ModuleDescription> modules();

        /**
         * The provider of one of its module types, taken from the library's own layer.
         *
         * @param moduleName a name from {@link #modules()}
         * @return the provider
         * @throws IllegalArgumentException if the library has no such module
         */
        ModuleProvider provider(String moduleName);
    }

    /**
     * Loads a packed, signed library.
     *
     * @param libId the id to load it as, 1..15
     * @param file  the library file
     * @return the loaded library
     * @throws org.sofj.api.LibraryLoadException with a reason a person can act on; the loader is
     *     then unchanged
     */
    Library load(int libId, Path file);

    /**
     * Unloads a library that has no live instance.
     *
     * @param libId the library id
     * @return 0; {@code -Errno.ENOENT} if none is loaded there; {@code -Errno.EBUSY} while an
     *     instance of one of its modules lives
     */
    int unload(int libId);

    /**
     * @param libId a library id
     * @return the library loaded there, if any
     */
    Optional<Library> library(int libId);
}
