package org.sofj.llext.internal.load;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A module whose contents are the verified plugin jar's entries in memory: the layer's class
 * loader defines exactly the bytes that were hashed and link-checked, and nothing is extracted to
 * disk. It has no location, so its classes have no code source URL and its resources no URL. It
 * counts the reads by which a class loader defines a class ({@link #reads}), over every layer
 * defined from it: a re-load of known content shares its first load's reference.
 */
final class InMemoryModule extends ModuleReference {
    private final SortedMap<String, byte[]> entries;
    private final Map<String, Integer> reads = new ConcurrentHashMap<>();

    InMemoryModule(ModuleDescriptor descriptor, SortedMap<String, byte[]> entries) {
        super(descriptor, null);
        this.entries = entries;
    }

    /** @return a finder that finds only this module */
    ModuleFinder finder() {
        final InMemoryModule self = this;
        return new ModuleFinder() {
            @Override
            public Optional<ModuleReference> find(String name) {
                return name.equals(descriptor().name()) ? Optional.of(self) : Optional.empty();
            }

            @Override
            public Set<ModuleReference> findAll() {
                return Set.of(self);
            }
        };
    }

    @Override
    public ModuleReader open() {
        return new ModuleReader() {
            @Override
            public Optional<URI> find(String name) {
                return Optional.empty();
            }

            @Override
            public Optional<InputStream> open(String name) {
                final byte[] data = entries.get(name);
                return data == null ? Optional.empty()
                        : Optional.of(new ByteArrayInputStream(data));
            }

            /**
             * The entry's own bytes, wrapped read-only: no stream, no copy. A layer's class
             * loader defines a class from this read, and only then.
             */
            @Override
            public Optional<ByteBuffer> read(String name) {
                final byte[] data = entries.get(name);
                if (data == null) {
                    return Optional.empty();
                }
                reads.merge(name, 1, Integer::sum);
                return Optional.of(ByteBuffer.wrap(data).asReadOnlyBuffer());
            }

            @Override
            public Stream<String> list() {
                return entries.keySet().stream();
            }

            @Override
            public void close() {
                // nothing to release: the entries stay with the reference
            }
        };
    }

    /**
     * @param entry an entry name ({@code test/plugin/Gain.class})
     * @return how many times a class loader read it to define a class, in any layer defined from
     *     this reference
     */
    int reads(String entry) {
        return reads.getOrDefault(entry, 0);
    }

    /** @return entry names, for diagnostics */
    Set<String> names() {
        return entries.keySet();
    }

    /** @return the entries */
    Map<String, byte[]> entries() {
        return entries;
    }
}
