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
        final org.sofj.api.memory.MemoryAccess leaked = Rogue.stash;
        if (leaked != null) {
            leaked.getInt(Rogue.KERNEL_ADDRESS); // with kernel rights this would read the system heap
        }
        return new Rogue();
    }
}
