package org.sofj.llext;

import java.util.ServiceLoader;

import org.sofj.api.spi.MemoryLayout;
import org.sofj.api.spi.MemorySystem;
import org.sofj.api.spi.MemorySystemProvider;

/**
 * Creates sof-mmu memory systems for tests.
 *
 * <p>The tests are patched into {@code org.sofj.llext}, whose descriptor does not (and must not,
 * for tests' sake) say {@code uses MemorySystemProvider}. {@link Module#addUses} lets a module add
 * that edge to itself at run time, after which {@link ServiceLoader} finds sof-mmu's provider
 * wherever surefire put the test-scoped jar (sof-mmu is not required by this module, so it lands
 * on the class path and is found through its {@code META-INF/services} file).
 */
public final class TestMemory {
    private TestMemory() {
    }

    /**
     * @param layout the region sizes
     * @return a new memory system; the caller closes it
     */
    public static MemorySystem create(MemoryLayout layout) {
        TestMemory.class.getModule().addUses(MemorySystemProvider.class);
        return ServiceLoader.load(MemorySystemProvider.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no MemorySystemProvider found: "
                        + "is sof-mmu a test dependency?"))
                .create(layout);
    }

    /** @return a new memory system with SOF's default layout; the caller closes it */
    public static MemorySystem create() {
        return create(MemoryLayout.defaults());
    }
}
