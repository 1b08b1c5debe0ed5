package com.example.halve;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.sofj.api.ModuleDescription;
import org.sofj.api.ProcessingModule;
import org.sofj.api.spi.ModuleProvider;

/**
 * The library's one provider. {@link #describe} is the only place the module's facts are
 * written: the build writes the library manifest from it, and the tests run the module with it.
 */
public final class HalveProvider implements ModuleProvider {
    /** For {@link java.util.ServiceLoader}. */
    public HalveProvider() {
    }

    @Override
    public Set<String> moduleNames() {
        return Set.of("halve");
    }

    @Override
    public ProcessingModule create(String moduleName) {
        return new Halve();
    }

    @Override
    public Optional<ModuleDescription> describe(String moduleName) {
        return Optional.of(ModuleDescription.builder("halve",
                UUID.fromString("3c1b2f4e-8d6a-4b5c-9e7f-0a1b2c3d4e5f"))
                .userMode(true).ibs(192).obs(192).build());
    }
}
