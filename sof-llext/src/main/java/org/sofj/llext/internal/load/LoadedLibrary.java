package org.sofj.llext.internal.load;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.sofj.api.ModuleDescription;
import org.sofj.api.spi.LibraryLoader;
import org.sofj.api.spi.ModuleProvider;

/**
 * A loaded library: its layer, its providers and a use count per module type. The runtime
 * {@link #acquire}s a module type when it creates an instance and {@link #release}s it when the
 * instance is deleted; a library with live instances cannot be unloaded. After unload every
 * reference into the layer is dropped, so the layer and its class loader can be collected even
 * if this object is still referenced.
 */
public final class LoadedLibrary implements LibraryLoader.Library {
    private final int libId;
    private final String name;
    private final List<ModuleDescription> modules;
    private final Map<String, Integer> live = new HashMap<>();
    private Map<String, ModuleProvider> providers;
    private ModuleLayer layer;

    LoadedLibrary(int libId, String name, List<ModuleDescription> modules,
            Map<String, ModuleProvider> providers, ModuleLayer layer) {
        this.libId = libId;
        this.name = name;
        this.modules = List.copyOf(modules);
        this.providers = Map.copyOf(providers);
        this.layer = layer;
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
    public synchronized ModuleProvider provider(String moduleName) {
        checkModule(moduleName);
        return providers.get(moduleName);
    }

    /**
     * Counts one more live instance of a module type.
     *
     * @param moduleName a name from {@link #modules()}
     * @return the module type's live instances now
     * @throws IllegalArgumentException if the library has no such module
     * @throws IllegalStateException    if the library was unloaded
     */
    public synchronized int acquire(String moduleName) {
        checkModule(moduleName);
        final int n = live.get(moduleName) + 1;
        live.put(moduleName, n);
        return n;
    }

    /**
     * Counts one live instance of a module type less.
     *
     * @param moduleName a name from {@link #modules()}
     * @return the module type's live instances now
     * @throws IllegalArgumentException if the library has no such module
     * @throws IllegalStateException    if none is live
     */
    public synchronized int release(String moduleName) {
        if (!live.containsKey(moduleName)) {
            throw new IllegalArgumentException("library=" + name + " module=" + moduleName
                    + " is not one of " + live.keySet());
        }
        final int n = live.get(moduleName);
        if (n == 0) {
            throw new IllegalStateException("library=" + name + " module=" + moduleName
                    + " has no live instance to release");
        }
        live.put(moduleName, n - 1);
        return n - 1;
    }

    /** @return live instances over all module types */
    public synchronized int liveInstances() {
        int n = 0;
        for (int v : live.values()) {
            n += v;
        }
        return n;
    }

    /** @return the library's layer, or {@code null} once unloaded */
    public synchronized ModuleLayer layer() {
        return layer;
    }

    /** @return whether it was unloaded */
    public synchronized boolean isUnloaded() {
        return layer == null;
    }

    /**
     * Drops every reference into the layer if no instance is live.
     *
     * @return whether it was closed
     */
    synchronized boolean closeIfIdle() {
        if (liveInstances() > 0) {
            return false;
        }
        providers = Map.of();
        layer = null;
        return true;
    }

    private void checkModule(String moduleName) {
        if (layer == null) {
            throw new IllegalStateException("library=" + name + " libId=" + libId
                    + " was unloaded");
        }
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
