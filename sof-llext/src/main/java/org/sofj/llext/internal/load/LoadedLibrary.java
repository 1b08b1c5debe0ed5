package org.sofj.llext.internal.load;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import org.sofj.api.ModuleDescription;
import org.sofj.api.spi.HeapRegion;
import org.sofj.api.spi.LibraryLoader;
import org.sofj.api.spi.MemoryDomain;
import org.sofj.api.spi.MemorySystem;
import org.sofj.api.spi.ModuleProvider;
import org.sofj.api.spi.Partition;

/**
 * A loaded library: its layer, its providers, its section image and, per module type, a use count
 * and the sections while mapped ({@code llext_manager_link_single} / {@code _free_module}).
 *
 * <p>The first {@link #acquire} of a module type maps its {@link ModuleSections} into the library
 * region; later ones only count. The last {@link #release} unmaps them; the layer and providers
 * stay, so the next {@link #acquire} maps again without re-linking. After unload every reference
 * into the layer is dropped, so the layer and its class loader can be collected even if this
 * object is still referenced. Thread-safe; the runtime calls it from its IPC (kernel) thread.
 */
public final class LoadedLibrary implements LibraryLoader.Library {
    private final int libId;
    private final String name;
    private final List<ModuleDescription> modules;
    private final MemorySystem memory;
    private final Map<String, Integer> live = new LinkedHashMap<>();
    private final Map<String, ModuleSections> mapped = new HashMap<>();
    /** The allocation proof's verdicts on its classes, by binary name (made at verification). */
    private final Map<String, AllocationProof.Verdict> proofs;
    private Map<String, java.util.function.Supplier<ModuleProvider>> providers;
    private ModuleLayer layer;
    private LibraryImage image;

    LoadedLibrary(int libId, String name, List<ModuleDescription> modules,
            Map<String, java.util.function.Supplier<ModuleProvider>> providers, ModuleLayer layer, LibraryImage image,
            Map<String, AllocationProof.Verdict> proofs, MemorySystem memory) {
        this.libId = libId;
        this.name = name;
        this.modules = List.copyOf(modules);
        this.providers = Map.copyOf(providers);
        this.layer = layer;
        this.image = image;
        this.proofs = proofs;
        this.memory = memory;
        for (ModuleDescription d : modules) {
            live.put(d.name(), 0);
        }
    }

    @Override
    public int libId() {
        return libId;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<ModuleDescription> modules() {
        return modules;
    }

    @Override
    public ModuleProvider provider(String moduleName) {
        final java.util.function.Supplier<ModuleProvider> p;
        synchronized (this) {
            checkLinked(moduleName);
            p = providers.get(moduleName);
        }
        return p.get(); // outside this lock: a user-mode provider's code runs here
    }

    @Override
    public synchronized int acquire(String moduleName) {
        checkLinked(moduleName);
        final int n = live.get(moduleName);
        if (n == 0) {
            mapped.put(moduleName, ModuleSections.map(name + "/" + moduleName, image,
                    description(moduleName).isPages(), memory.heap(HeapRegion.LIBRARY),
                    memory.access()));
        }
        live.put(moduleName, n + 1);
        return n + 1;
    }

    @Override
    public synchronized int release(String moduleName) {
        checkModule(moduleName);
        final int n = live.get(moduleName);
        if (n == 0) {
            throw new IllegalStateException("library=" + name + " module=" + moduleName
                    + " has no live instance to release");
        }
        if (n == 1) {
            mapped.remove(moduleName).unmap(memory.heap(HeapRegion.LIBRARY));
        }
        live.put(moduleName, n - 1);
        return n - 1;
    }

    @Override
    public synchronized int liveInstances() {
        int n = 0;
        for (int v : live.values()) {
            n += v;
        }
        return n;
    }

    @Override
    public synchronized List<Partition> sections(String moduleName) {
        checkModule(moduleName);
        final ModuleSections s = mapped.get(moduleName);
        return s == null ? List.of() : s.partitions();
    }

    @Override
    public synchronized int addToDomain(String moduleName, MemoryDomain domain) {
        Objects.requireNonNull(domain, "domain");
        return mappedSections(moduleName).addTo(domain);
    }

    @Override
    public synchronized OptionalLong resourceAddress(String moduleName, String resource) {
        Objects.requireNonNull(resource, "resource");
        checkModule(moduleName);
        final ModuleSections s = mapped.get(moduleName);
        return s == null ? OptionalLong.empty() : s.resourceAddress(image, resource);
    }

    /** @return the library's layer, or {@code null} once unloaded */
    public synchronized ModuleLayer layer() {
        return layer;
    }

    /**
     * The allocation proof's verdict on a class, if this library's layer defined it: a lookup in
     * what its load proved; no class is read.
     *
     * @param moduleClass the class of a module object
     * @return the verdict; empty if the class is not of this (loaded) library; a class of it
     *     that the load found no {@code process} of its own library in is not proven
     */
    synchronized Optional<AllocationProof.Verdict> proof(Class<?> moduleClass) {
        if (layer == null || moduleClass.getModule().getLayer() != layer) {
            return Optional.empty();
        }
        return Optional.of(proofs.getOrDefault(moduleClass.getName(), AllocationProof.Verdict.no(
                moduleClass.getName() + " has no process of its own library")));
    }

    /** @return whether it was unloaded */
    public synchronized boolean isUnloaded() {
        return layer == null;
    }

    /**
     * Drops every reference into the layer if no instance is live (so nothing is mapped).
     *
     * @return whether it was closed
     */
    synchronized boolean closeIfIdle() {
        if (liveInstances() > 0) {
            return false;
        }
        providers = Map.of();
        layer = null;
        image = null;
        return true;
    }

    private ModuleSections mappedSections(String moduleName) {
        checkModule(moduleName);
        final ModuleSections s = mapped.get(moduleName);
        if (s == null) {
            throw new IllegalStateException("library=" + name + " module=" + moduleName
                    + " is not mapped: no instance is live");
        }
        return s;
    }

    private ModuleDescription description(String moduleName) {
        for (ModuleDescription d : modules) {
            if (d.name().equals(moduleName)) {
                return d;
            }
        }
        throw new IllegalArgumentException("module=" + moduleName);
    }

    private void checkLinked(String moduleName) {
        if (layer == null) {
            throw new IllegalStateException("library=" + name + " libId=" + libId
                    + " was unloaded");
        }
        checkModule(moduleName);
    }

    private void checkModule(String moduleName) {
        if (!live.containsKey(moduleName)) {
            throw new IllegalArgumentException("library=" + name + " module=" + moduleName
                    + " is not one of " + live.keySet());
        }
    }

    @Override
    public String toString() {
        return "Library[libId=" + libId + ", name=" + name + ", modules=" + live.keySet() + "]";
    }
}
