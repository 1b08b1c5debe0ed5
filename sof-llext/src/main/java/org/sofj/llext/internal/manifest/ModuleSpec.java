package org.sofj.llext.internal.manifest;

import java.util.Objects;

import org.sofj.api.ModuleDescription;

/**
 * One {@code [[module]]} of a source manifest.
 *
 * @param description what the manifest says about the module type
 * @param provider    the binary name of its {@code ModuleProvider} class
 */
public record ModuleSpec(ModuleDescription description, String provider) {

    /** @throws NullPointerException if a component is null */
    public ModuleSpec {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(provider, "provider");
    }

    /** @return the module's name */
    public String name() {
        return description.name();
    }
}
