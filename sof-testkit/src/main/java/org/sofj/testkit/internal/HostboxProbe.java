package org.sofj.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.sofj.api.LoadType;
import org.sofj.api.ModuleContext;
import org.sofj.api.ModuleDescription;
import org.sofj.api.ProcessingModule;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;
import org.sofj.api.spi.ModuleProvider;

/**
 * A kernel-mode built-in whose only job is to learn where the runtime puts init parameters: the
 * start of the hostbox (SOF's inbox window). The harness places an author's blob further into
 * the hostbox, which a user module's domain holds (read-only) during {@code init}, the only time
 * a module may read its init parameters. Created once, before the modules under test, and
 * deleted at once.
 */
final class HostboxProbe implements ModuleProvider {
    /** The probe's module name; no author's module may use it. */
    static final String NAME = "tkprobe";

    private volatile long initDataAddress;

    /** @return the init data address the probe saw, or 0 before it ran */
    long initDataAddress() {
        return initDataAddress;
    }

    @Override
    public Set<String> moduleNames() {
        return Set.of(NAME);
    }

    @Override
    public Optional<ModuleDescription> describe(String moduleName) {
        return NAME.equals(moduleName) ? Optional.of(ModuleDescription.builder(NAME,
                UUID.nameUUIDFromBytes(("sofj.testkit." + NAME).getBytes(StandardCharsets.US_ASCII)))
                .loadType(LoadType.BUILTIN).build()) : Optional.empty();
    }

    @Override
    public ProcessingModule create(String moduleName) {
        if (!NAME.equals(moduleName)) {
            throw new IllegalArgumentException("moduleName=" + moduleName);
        }
        return new ProcessingModule() {
            @Override
            public int init(ModuleContext context) {
                initDataAddress = context.initDataAddress();
                return 0;
            }

            @Override
            public int process(Source[] sources, Sink[] sinks) {
                return 0;
            }
        };
    }
}
