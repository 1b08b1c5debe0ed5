package org.sofj.cli.internal;

import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

import org.sofj.api.LoadType;
import org.sofj.api.ModuleDescription;
import org.sofj.api.ProcessingModule;
import org.sofj.api.spi.ModuleProvider;

/**
 * The modules of a plugin jar as in-process kernel built-ins, for {@code sofj bench}'s baseline:
 * the jar is put in a module layer of its own (child of the boot layer) and each provider's
 * descriptions are copied with {@code userMode = false}, so the same code runs without a memory
 * domain, driver heap or userspace proxy.
 */
final class KernelCopies implements ModuleProvider {
    private final ModuleProvider delegate;

    private KernelCopies(ModuleProvider delegate) {
        this.delegate = delegate;
    }

    /**
     * @param jar a plugin jar
     * @return its providers as kernel built-ins
     * @throws CliException if the jar is not a resolvable plugin module
     */
    static List<ModuleProvider> load(Path jar) {
        final ModuleLayer boot = ModuleLayer.boot();
        final ModuleLayer layer;
        try {
            final ModuleFinder finder = ModuleFinder.of(jar);
            final Set<String> roots = new java.util.HashSet<>();
            finder.findAll().forEach(r -> roots.add(r.descriptor().name()));
            final Configuration cf = boot.configuration().resolve(finder, ModuleFinder.of(),
                    roots);
            layer = boot.defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
        } catch (FindException | LayerInstantiationException | SecurityException e) {
            throw new CliException(jar + ": not a plugin module: " + e.getMessage());
        }
        final List<ModuleProvider> out = new ArrayList<>();
        for (ModuleProvider p : ServiceLoader.load(layer, ModuleProvider.class)) {
            if (p.getClass().getModule().getLayer() == layer) {
                out.add(new KernelCopies(p));
            }
        }
        if (out.isEmpty()) {
            throw new CliException(jar + ": provides no org.sofj.api.spi.ModuleProvider");
        }
        return out;
    }

    @Override
    public Set<String> moduleNames() {
        return delegate.moduleNames();
    }

    @Override
    public ProcessingModule create(String moduleName) {
        return delegate.create(moduleName);
    }

    @Override
    public Optional<ModuleDescription> describe(String moduleName) {
        return delegate.describe(moduleName).map(d -> ModuleDescription.builder(d.name(),
                d.uuid()).loadType(LoadType.BUILTIN).userMode(false)
                .affinityMask(d.affinityMask()).instanceMaxCount(d.instanceMaxCount())
                .ibs(d.ibs()).obs(d.obs()).cps(d.cps()).isPages(d.isPages())
                .heapBytes(d.heapBytes()).stackBytes(d.stackBytes()).inputPins(d.inputPins())
                .outputPins(d.outputPins()).build());
    }
}
