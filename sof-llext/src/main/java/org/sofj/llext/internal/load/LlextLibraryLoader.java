package org.sofj.llext.internal.load;

import java.nio.file.Path;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.sofj.api.Errno;
import org.sofj.api.LibraryLoadException;
import org.sofj.api.spi.LibraryLoader;
import org.sofj.api.spi.MemorySystem;
import org.sofj.api.spi.ModuleProvider;
import org.sofj.llext.LibraryKeys;

/**
 * The library loader: lib_manager + llext. {@link #load} runs every check before it changes any
 * state, so a failed load leaves the loader as it was; the library is registered last.
 * Thread-safe (the runtime calls it from its IPC thread only).
 */
public final class LlextLibraryLoader implements LibraryLoader {
    /** {@code LIB_MANAGER_MAX_LIBS}: ids 1..15 are loadable, 0 is the base firmware. */
    public static final int MAX_LIBS = 16;

    private final MemorySystem memory;
    private final Map<String, PublicKey> trusted = new HashMap<>();
    private final Map<Integer, LoadedLibrary> libraries = new TreeMap<>();
    private long linked;

    /**
     * @param memory      the memory system whose library region holds the mapped sections
     * @param trustedKeys the Ed25519 keys whose signatures are accepted
     */
    public LlextLibraryLoader(MemorySystem memory, Set<PublicKey> trustedKeys) {
        this.memory = Objects.requireNonNull(memory, "memory");
        for (PublicKey k : Set.copyOf(trustedKeys)) {
            trusted.put(LibraryKeys.keyId(k), k);
        }
    }

    @Override
    public synchronized LoadedLibrary load(int libId, Path file) {
        Objects.requireNonNull(file, "file");
        if (libId < 1 || libId >= MAX_LIBS) {
            throw new LibraryLoadException(-Errno.EINVAL, "libId=" + libId
                    + " must be in [1, " + (MAX_LIBS - 1) + "] (0 is the base firmware)");
        }
        final LoadedLibrary present = libraries.get(libId);
        if (present != null) {
            throw new LibraryLoadException(-Errno.EBUSY, "libId=" + libId + " already holds "
                    + "library " + present.name() + "; unload it first");
        }
        final VerifiedLibrary lib = LibraryVerifier.verify(file, trusted);
        for (LoadedLibrary other : libraries.values()) {
            if (other.name().equals(lib.source().name())) {
                throw new LibraryLoadException(-Errno.EBUSY, "library " + other.name()
                        + " is already loaded as libId=" + other.libId());
            }
        }
        linked++;
        final ModuleLayer layer = LibraryLinker.defineLayer(lib);
        final Map<String, java.util.function.Supplier<ModuleProvider>> providers = LibraryLinker.providers(layer, lib);
        final LoadedLibrary loaded = new LoadedLibrary(libId, lib.source().name(),
                lib.manifest().descriptions(), providers, layer,
                new LibraryImage(lib.jar().entries()), memory);
        libraries.put(libId, loaded);
        return loaded;
    }

    @Override
    public synchronized int unload(int libId) {
        final LoadedLibrary lib = libraries.get(libId);
        if (lib == null) {
            return -Errno.ENOENT;
        }
        if (!lib.closeIfIdle()) {
            return -Errno.EBUSY;
        }
        libraries.remove(libId);
        return 0;
    }

    @Override
    public synchronized Optional<Library> library(int libId) {
        return Optional.ofNullable(libraries.get(libId));
    }

    /**
     * How many libraries passed the link check and went on to be linked into a layer: a
     * diagnostic that shows mapping a module again ({@link LoadedLibrary#acquire}) never
     * re-links.
     *
     * @return the count since this loader was created
     */
    public synchronized long linkedCount() {
        return linked;
    }

    /** @return the loaded library ids, ascending */
    public synchronized Set<Integer> libIds() {
        return Set.copyOf(libraries.keySet());
    }
}
