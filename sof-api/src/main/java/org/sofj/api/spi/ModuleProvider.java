package org.sofj.api.spi;

import java.util.Optional;
import java.util.Set;

import org.sofj.api.ModuleDescription;
import org.sofj.api.ProcessingModule;

/**
 * What a plugin library provides: the module types it offers and a factory for their instances.
 * Found with {@link java.util.ServiceLoader}; a library declares
 * {@code provides org.sofj.api.spi.ModuleProvider with ...} and nothing else.
 *
 * <p>Implementations have a public no-arg constructor and do nothing expensive before
 * {@link #create}. The runtime calls {@link #create} on the kernel's IPC thread when an instance
 * is created.
 */
public interface ModuleProvider {

    /**
     * The names of the module types this provider creates, as the library manifest names them.
     *
     * @return a non-empty set of names of at most 8 ASCII characters
     */
    Set<String> moduleNames();

    /**
     * Creates a new instance of a module type. Must be cheap; the instance is initialised later
     * through {@link ProcessingModule#init}.
     *
     * @param moduleName one of {@link #moduleNames()}
     * @return a new, uninitialised module
     * @throws IllegalArgumentException if {@code moduleName} is not offered
     */
    ProcessingModule create(String moduleName);

    /**
     * A description for a module type that runs without a library manifest (an in-process
     * provider used by tests and embedders). Library modules are described by their manifest,
     * which wins.
     *
     * @param moduleName one of {@link #moduleNames()}
     * @return the description, or empty (the default) to rely on a manifest
     */
    default Optional<ModuleDescription> describe(String moduleName) {
        return Optional.empty();
    }
}
