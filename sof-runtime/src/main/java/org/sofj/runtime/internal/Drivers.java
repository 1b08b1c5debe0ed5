package org.sofj.runtime.internal;

import static org.sofj.runtime.internal.KernelState.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.sofj.api.Errno;
import org.sofj.api.Ipc4Status;
import org.sofj.api.IpcException;
import org.sofj.api.LibraryLoadException;
import org.sofj.api.ModuleDescription;
import org.sofj.api.ModuleIds;
import org.sofj.api.spi.DriverHeap;
import org.sofj.api.spi.LibraryLoader;
import org.sofj.api.spi.ModuleProvider;
import org.sofj.runtime.InstanceSpec;

/**
 * Libraries and drivers: the built-in module types (library 0), {@code LOAD_LIBRARY} and
 * {@code UNLOAD_LIBRARY}, module ids by name, and driver registration on first use with the
 * driver heap of a user-mode type (spec 4.2). IPC thread only.
 */
final class Drivers {
    /** SOF's default driver heap: 4096 bytes. */
    static final long DEFAULT_HEAP_BYTES = 4096;

    private final KernelState k;
    /** Library 0: in-process module types, by entry index. */
    private final Map<Integer, ModuleProvider> builtInProviders = new LinkedHashMap<>();
    private final Map<Integer, ModuleDescription> builtInDescriptions = new LinkedHashMap<>();

    Drivers(KernelState state) {
        this.k = state;
    }

    void registerBuiltIns(List<ModuleProvider> providers) {
        int index = 0;
        for (ModuleProvider p : providers) {
            for (String name : new TreeSet<>(p.moduleNames())) {
                final ModuleDescription d = p.describe(name).orElseThrow(() ->
                        new IllegalArgumentException("built-in provider " + p.getClass().getName()
                                + " does not describe module=" + name));
                builtInProviders.put(index, p);
                builtInDescriptions.put(index, d);
                index++;
            }
        }
    }

    static long pick(long fromIpc, long fromManifest, long fallback) {
        return fromIpc > 0 ? fromIpc : fromManifest > 0 ? fromManifest : fallback;
    }

    static IpcException notInitialized(InstanceSpec s, String why) {
        return new IpcException(Ipc4Status.MOD_NOT_INITIALIZED, "MOD_INIT_INSTANCE comp_id=0x"
                + Integer.toHexString(s.componentId()) + ": " + why);
    }

    /** {@code ipc4_get_comp_drv}: the registered driver, or a new one (spec 4.2). */
    Driver driver(InstanceSpec s) {
        final Driver existing = k.drivers.get(s.moduleId());
        if (existing != null) {
            return existing;
        }
        final int libId = ModuleIds.libId(s.moduleId());
        final int index = ModuleIds.index(s.moduleId());
        final ModuleDescription d;
        final java.util.function.Supplier<ModuleProvider> p;
        LibraryLoader.Library lib = null;
        if (libId == 0) {
            d = builtInDescriptions.get(index);
            final ModuleProvider builtIn = builtInProviders.get(index);
            p = () -> builtIn;
            if (d == null) {
                throw notInitialized(s, "no built-in module at index " + index);
            }
        } else {
            lib = k.libraries.get(libId);
            if (lib == null || index >= lib.modules().size()) {
                throw notInitialized(s, "no module at lib_id=" + libId + " index=" + index);
            }
            d = lib.modules().get(index);
            final LibraryLoader.Library from = lib;
            p = () -> from.provider(d.name()); // on the user thread for a user-mode type
        }
        DriverHeap heap = null;
        if (d.userMode()) {
            final long bytes = pick(s.heapBytes(), d.heapBytes(), DEFAULT_HEAP_BYTES);
            heap = k.memory.newDriverHeap(d.name(), bytes);
            if (heap == null) {
                throw notInitialized(s, "the global user heap cannot hold a driver heap of "
                        + bytes + " bytes for module=" + d.name() + " (free: "
                        + k.memory.heap(org.sofj.api.spi.HeapRegion.USER).stats()
                                .largestFreeBlock() + ")");
            }
        }
        final Driver driver = new Driver(s.moduleId(), d, p, lib, heap);
        k.drivers.put(s.moduleId(), driver);
        return driver;
    }

    /**
     * @return what the manifest (or a built-in's {@code describe}) says about a module type
     * @throws IllegalArgumentException if no module type has that id
     */
    ModuleDescription description(int moduleId) {
        final int libId = ModuleIds.libId(moduleId);
        final int index = ModuleIds.index(moduleId);
        ModuleDescription d = null;
        if (libId == 0) {
            d = builtInDescriptions.get(index);
        } else {
            final LibraryLoader.Library lib = k.libraries.get(libId);
            if (lib != null && index < lib.modules().size()) {
                d = lib.modules().get(index);
            }
        }
        if (d == null) {
            throw new IllegalArgumentException("module_id=0x" + Integer.toHexString(moduleId)
                    + ": no such module type");
        }
        return d;
    }

    /** @return the module id of a module type by library and name */
    int moduleId(int libId, String name) {
        if (libId == 0) {
            for (Map.Entry<Integer, ModuleDescription> e : builtInDescriptions.entrySet()) {
                if (e.getValue().name().equals(name)) {
                    return ModuleIds.moduleId(0, e.getKey());
                }
            }
        } else {
            final LibraryLoader.Library lib = k.libraries.get(libId);
            if (lib != null) {
                for (int i = 0; i < lib.modules().size(); i++) {
                    if (lib.modules().get(i).name().equals(name)) {
                        return ModuleIds.moduleId(libId, i);
                    }
                }
            }
        }
        throw new IllegalArgumentException("lib_id=" + libId + " has no module=" + name);
    }

    /** {@code LOAD_LIBRARY}: verifies and loads a library file into slot {@code libId}. */
    List<String> loadLibrary(int libId, Path file) {
        if (libId < 1 || libId > ModuleIds.MAX_LIB_ID) {
            throw fail(Ipc4Status.INVALID_PARAM, "lib_id=" + libId
                    + " must be in [1, 15]");
        }
        if (k.loader == null) {
            throw fail(Ipc4Status.FAILURE, "no library loader: sof-llext is not on "
                    + "the module path");
        }
        final LibraryLoader.Library lib;
        try {
            lib = k.loader.load(libId, file);
        } catch (LibraryLoadException e) {
            throw new IpcException(e.errno() == -Errno.EINVAL ? Ipc4Status.INVALID_PARAM
                    : Ipc4Status.FAILURE, "LOAD_LIBRARY lib_id=" + libId + " file=" + file
                    + ": " + e.getMessage());
        }
        k.libraries.put(libId, lib);
        final List<String> names = new ArrayList<>();
        lib.modules().forEach(m -> names.add(m.name()));
        return names;
    }

    /**
     * {@code UNLOAD_LIBRARY}: forgets a library none of whose types has a live instance, with its
     * drivers and their heaps.
     *
     * @return 0, {@code -ENOENT} if nothing is loaded there, {@code -EBUSY} if an instance lives
     */
    int unloadLibrary(int libId) {
        final LibraryLoader.Library lib = k.libraries.get(libId);
        if (lib == null) {
            return -Errno.ENOENT;
        }
        for (Driver d : k.drivers.values()) {
            if (d.library == lib && d.liveInstances > 0) {
                return -Errno.EBUSY;
            }
        }
        final int rc = k.loader.unload(libId);
        if (rc != 0) {
            return rc;
        }
        k.drivers.values().removeIf(d -> {
            if (d.library != lib) {
                return false;
            }
            if (d.heap != null) {
                d.heap.remove();
            }
            return true;
        });
        k.libraries.remove(libId);
        return 0;
    }
}
