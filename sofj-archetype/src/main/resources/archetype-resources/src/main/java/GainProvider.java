package ${package};

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.sofj.api.ModuleDescription;
import org.sofj.api.ProcessingModule;
import org.sofj.api.spi.ModuleProvider;

/**
 * The library's one provider. Its describe() is the only place the module's facts are
 * written: the build writes the library manifest from it, and the tests run the module with it.
 */
public final class GainProvider implements ModuleProvider {
    /** For {@link java.util.ServiceLoader}. */
    public GainProvider() {
    }

    @Override
    public Set<String> moduleNames() {
        return Set.of("${moduleName}");
    }

    @Override
    public ProcessingModule create(String moduleName) {
        return new Gain();
    }

    @Override
    public Optional<ModuleDescription> describe(String moduleName) {
        return Optional.of(ModuleDescription.builder("${moduleName}",
                UUID.fromString("${moduleUuid}"))
                .userMode(true).ibs(192).obs(192).build());
    }
}
