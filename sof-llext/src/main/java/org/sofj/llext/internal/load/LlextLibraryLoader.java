package org.sofj.llext.internal.load;

import java.lang.module.Configuration;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import org.sofj.llext.internal.pack.LibraryContainer;

/**
 * The library loader: lib_manager + llext. {@link #load} runs every check before it changes any
 * state, so a failed load leaves the loader as it was; the library is registered last. A file
 * whose load succeeded once is remembered by its content key (the SHA-256 of the whole file) and
 * a later load of the same bytes skips the checks; a different signature, key or byte of the
 * file is a different key and is verified in full. The cache belongs to this loader (another
 * loader in the same JVM verifies in full) and holds at most {@link #MAX_VERIFIED} entries. With
 * the verified content it keeps the section image and the configuration its load resolved: a
 * re-load defines a new layer (a new class loader) from it without resolving again, and leaves
 * its classes to be defined when first used (the first load defined every one of those bytes on
 * the same parents, so the JVM accepts them).
 * Thread-safe (the runtime calls it from its IPC thread only).
 */
public final class LlextLibraryLoader implements LibraryLoader {
    /** {@code LIB_MANAGER_MAX_LIBS}: ids 1..15 are loadable, 0 is the base firmware. */
    public static final int MAX_LIBS = 16;
    /** How many verified library contents a loader remembers. */
    public static final int MAX_VERIFIED = 32;

    private final MemorySystem memory;
    private final Map<String, PublicKey> trusted = new HashMap<>();
    private final Map<Integer, LoadedLibrary> libraries = new TreeMap<>();
    /** Verified contents by {@link LibraryVerifier#contentKey}, least recently used first. */
    private final Map<String, Known> verified = new LinkedHashMap<>();
    private long linked;
    private long hits;

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
        final byte[] bytes = LibraryContainer.bytes(file);
        final String key = LibraryVerifier.contentKey(bytes);
        Known known = verified.get(key);
        final boolean first = known == null;
        if (first) {
            final LibraryContainer c = LibraryContainer.parse(file, bytes);
            final VerifiedLibrary lib = LibraryVerifier.verify(file, c, c.signedMessage(),
                    trusted);
            checkName(lib);
            known = new Known(lib, LibraryLinker.resolve(lib));
        } else {
            hits++;
            checkName(known.lib);
        }
        final VerifiedLibrary lib = known.lib;
        // a first load defines every class now, so a class the JVM refuses fails it; a re-load
        // defines the same bytes on the same parents, so it leaves them to the JVM's first use
        final ModuleLayer layer = LibraryLinker.defineLayer(lib, known.configuration, first);
        final Map<String, java.util.function.Supplier<ModuleProvider>> providers = LibraryLinker.providers(layer, lib);
        remember(key, known);
        linked++;
        final LoadedLibrary loaded = new LoadedLibrary(libId, lib.source().name(),
                lib.manifest().descriptions(), providers, layer,
                known.image, lib.proofs(), memory);
        libraries.put(libId, loaded);
        return loaded;
    }

    private void checkName(VerifiedLibrary lib) {
        for (LoadedLibrary other : libraries.values()) {
            if (other.name().equals(lib.source().name())) {
                throw new LibraryLoadException(-Errno.EBUSY, "library " + other.name()
                        + " is already loaded as libId=" + other.libId());
            }
        }
    }

    /**
     * Remembers content whose load got through its checks, its class definition and its
     * providers, as the most recently used; the least recently used goes past
     * {@link #MAX_VERIFIED}. Content whose load failed anywhere is not remembered, so a file with
     * a class the JVM refuses is verified (and refused) again on every load. A re-load skips the
     * container's parse, the signature check, the hashes, the manifest checks, the link check,
     * the preemption checks' rewrite, the allocation proof, the resolution and the eager
     * definition of its classes.
     */
    private void remember(String key, Known known) {
        if (verified.remove(key) == null && verified.size() >= MAX_VERIFIED) {
            verified.remove(verified.keySet().iterator().next());
        }
        verified.put(key, known);
    }

    /**
     * Verified content and what every load of it makes the same way: its section image and the
     * configuration of its module ({@link LibraryLinker#resolve}; a configuration is immutable
     * and holds no class loader, so each load defines its own layer from it).
     */
    private static final class Known {
        final VerifiedLibrary lib;
        final LibraryImage image;
        final Configuration configuration;

        Known(VerifiedLibrary lib, Configuration configuration) {
            this.lib = lib;
            this.image = new LibraryImage(lib.jar().entries());
            this.configuration = configuration;
        }
    }

    /**
     * How many loads found their library's content already verified by this loader (see
     * {@link #load}): a diagnostic for the verification cache.
     *
     * @return the count since this loader was created
     */
    public synchronized long verifiedHits() {
        return hits;
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

    /**
     * {@inheritDoc} The proof is {@link AllocationProof}'s. A class of a library this loader
     * loaded was proven when the library was verified ({@link AllocationProof#proveAll}), so this
     * is a lookup; any other class (a built-in) is proven on first asking, from its module's
     * bytes, and the verdict kept per class.
     */
    @Override
    public boolean allocationFree(Class<?> moduleClass) {
        synchronized (this) {
            for (LoadedLibrary lib : libraries.values()) {
                final Optional<AllocationProof.Verdict> v = lib.proof(moduleClass);
                if (v.isPresent()) {
                    return v.get().proven();
                }
            }
        }
        return AllocationProof.prove(moduleClass).proven();
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
