package org.sofj.plugins.misbehaving.internal;

import java.util.Set;

import org.sofj.api.ProcessingModule;
import org.sofj.api.spi.ModuleProvider;

/** Creates {@code snoop}. The library manifest describes it (user mode, DP). */
public final class MisbehavingProvider implements ModuleProvider {
    /** The one module type. */
    static final String SNOOP = "snoop";

    /** For {@link java.util.ServiceLoader}. */
    public MisbehavingProvider() {
    }

    @Override
    public Set<String> moduleNames() {
        return Set.of(SNOOP);
    }

    @Override
    public ProcessingModule create(String moduleName) {
        if (!SNOOP.equals(moduleName)) {
            throw new IllegalArgumentException("module=" + moduleName + " is not offered");
        }
        return new Snoop();
    }
}
