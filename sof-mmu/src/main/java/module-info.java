/**
 * The simulated MMU: sofj's isolation. One 32-bit address space backed by off-heap memory, Zephyr
 * memory domains with their exact rules, user and kernel threads, checked access on every user
 * access, heaps and driver heaps, tracked module memory and fast_get. Exports nothing; the runtime
 * finds it through {@link org.sofj.api.spi.MemorySystemProvider}.
 */
module org.sofj.mmu {
    requires org.sofj.api;
    requires org.agrona;

    provides org.sofj.api.spi.MemorySystemProvider with org.sofj.mmu.internal.MmuProvider;
}
