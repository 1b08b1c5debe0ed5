package org.sofj.runtime.internal;

import java.util.EnumSet;
import java.util.Set;

import org.sofj.api.ModuleDescription;
import org.sofj.api.ProcessingModule;
import org.sofj.api.spi.DriverHeap;
import org.sofj.api.spi.LibraryLoader;
import org.sofj.api.spi.ModuleOperation;
import org.sofj.api.spi.ModuleProvider;

/**
 * A registered module type (SOF's {@code comp_driver}): registered on its first instance and
 * kept, with its driver heap, until the runtime closes (SOF never unregisters). Kernel tables like
 * this one live on the Java heap, never in simulated memory a module could write (unlike SOF's
 * {@code comp_driver} in the user-writable driver heap, spec 11 item 3).
 */
final class Driver {
    final int moduleId;
    final ModuleDescription description;
    /** The library's provider, asked for on first use (see {@link #provider()}). */
    private final java.util.function.Supplier<ModuleProvider> providerSource;
    private ModuleProvider provider;
    final LibraryLoader.Library library;
    /** The driver heap for a user module; {@code null} for a kernel module. */
    final DriverHeap heap;
    /** What the module class overrides, learned from the first module the driver makes. */
    private Set<ModuleOperation> operations;
    int liveInstances;

    Driver(int moduleId, ModuleDescription description,
            java.util.function.Supplier<ModuleProvider> provider, LibraryLoader.Library library,
            DriverHeap heap) {
        this.moduleId = moduleId;
        this.description = description;
        this.providerSource = provider;
        this.library = library;
        this.heap = heap;
    }

    /**
     * Learns which operations the module class overrides, from the first module made (by the
     * kernel for an llext type, by its agent on the user side for a MODULE type): the kernel
     * never runs a module's factory just to inspect it.
     */
    void learn(ProcessingModule module) {
        if (operations == null) {
            operations = EnumSet.copyOf(ModuleOperation.implementedBy(module.getClass()));
        }
    }

    /**
     * The provider, made on first use on the calling thread: for a user-mode module type the
     * kernel calls this only on the instance's user thread, so the provider's constructor and
     * static initialisers never run with kernel rights. One call at a time (the IPC thread waits
     * for the user-side call).
     *
     * @return the provider
     */
    ModuleProvider provider() {
        ModuleProvider p = provider;
        if (p == null) {
            p = providerSource.get();
            provider = p;
        }
        return p;
    }

    boolean userMode() {
        return description.userMode();
    }

    boolean has(ModuleOperation op) {
        return operations.contains(op);
    }

    /** @return whether a system agent makes the module (load type MODULE), as in SOF */
    boolean hasAgent() {
        return description.loadType() == org.sofj.api.LoadType.MODULE;
    }

    @Override
    public String toString() {
        return "Driver[" + description.name() + " module_id=0x" + Integer.toHexString(moduleId)
                + (userMode() ? " user" : " kernel") + "]";
    }
}
