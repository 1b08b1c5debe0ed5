package org.sofj.api.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.sofj.api.ModuleDescription;

/**
 * Loads signed libraries: verifies, link-checks and defines each in its own module layer.
 * Called by the kernel's IPC thread only.
 */
public interface LibraryLoader {

    /** A library that was loaded. */
    interface Library {
        /** {@return its id, 1..15} */
        int libId();

        /** {@return its name from the manifest} */
        String name();

        /** {@return its module types, in manifest order (entry index order)} */
        List<ModuleDescription> modules();

        /**
         * The provider of one of its module types, taken from the library's own layer.
         *
         * @param moduleName a name from {@link #modules()}
         * @return the provider
         * @throws IllegalArgumentException if the library has no such module
         */
        ModuleProvider provider(String moduleName);

        /**
         * Counts one more live instance of a module type. The first instance maps the module's
         * sections into the library region (copying text, rodata and data, zeroing bss); later
         * ones only count ({@code llext_manager_link_single}'s use count). Kernel only.
         *
         * @param moduleName a name from {@link #modules()}
         * @return the live instances of that type after counting this one
         * @throws IllegalArgumentException if the library has no such module
         * @throws IllegalStateException    if the library was unloaded, or the library region
         *     has no room for the sections
         */
        int acquire(String moduleName);

        /**
         * Counts one less live instance; the last one unmaps the sections (the library stays
         * linked, so the next {@link #acquire} only maps again).
         *
         * @param moduleName a name from {@link #modules()}
         * @return the live instances of that type after this one
         * @throws IllegalArgumentException if the library has no such module
         * @throws IllegalStateException    if none is live
         */
        int release(String moduleName);

        /** {@return live instances over all module types of the library} */
        int liveInstances();

        /**
         * The module's sections as they are mapped now, page-aligned: text {@code P_RX_U_RX},
         * rodata {@code P_RO_U_RO}, data with bss {@code P_RW_U_RW}; empty sections are left
         * out; an empty list while the module is not mapped.
         *
         * @param moduleName a name from {@link #modules()}
         * @return the partitions, text first
         */
        List<Partition> sections(String moduleName);

        /**
         * {@code llext_manager_add_domain}: adds the module's section partitions to a domain -
         * for every instance's domain, not only the first (SOF's gap, spec 11 item 7). On failure
         * the partitions already added are removed again.
         *
         * @param moduleName a mapped module
         * @param domain     the instance's domain
         * @return 0, or the domain's error ({@code -Errno.EINVAL}, {@code -Errno.ENOSPC})
         */
        int addToDomain(String moduleName, MemoryDomain domain);

        /**
         * The simulated address of a resource of the library (a non-class jar entry, placed in
         * the module's rodata) while the module is mapped: how a module finds read-only data to
         * {@code fast_get}.
         *
         * @param moduleName a mapped module
         * @param resource   the jar entry name, e.g. {@code "org/example/fir/taps.bin"}
         * @return the address, or empty if there is no such resource or the module is not mapped
         */
        OptionalLong resourceAddress(String moduleName, String resource);
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
     * Whether the loader proves, from the class bytes of {@code moduleClass}'s own module (a
     * library's, or a built-in's that exports and opens nothing), that its {@code process}
     * cannot allocate on the Java heap: no allocation, exception handler or
     * {@code invokedynamic} on any path from it, and no call outside its module but to an
     * allow-list of calls that allocate nothing. The runtime then skips the allocation counter's
     * reads around a user LL call or DP run of it (docs/threat-model.md section 5). Kernel only;
     * runs none of the module's code; cold path (a loader may prove a library's classes when it
     * loads it and answer here by lookup).
     *
     * @param moduleClass the class of a module object, as {@code getClass()} gives it
     * @return whether it is proven; {@code false}, the default, keeps the reads
     */
    default boolean allocationFree(Class<?> moduleClass) {
        return false;
    }

    /**
     * Looks up a loaded library by id.
     *
     * @param libId a library id
     * @return the library loaded there, if any
     */
    Optional<Library> library(int libId);
}
