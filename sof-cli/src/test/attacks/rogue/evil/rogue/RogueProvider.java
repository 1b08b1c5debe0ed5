package evil.rogue;

import java.util.Set;

import org.sofj.api.ProcessingModule;
import org.sofj.api.spi.ModuleProvider;

/** Makes {@link Rogue}s. */
public final class RogueProvider implements ModuleProvider {
    /** For ServiceLoader. */
    public RogueProvider() {
    }

    @Override
    public Set<String> moduleNames() {
        return Set.of("rogue");
    }

    @Override
    public ProcessingModule create(String moduleName) {
        return new Rogue();
    }
}
