package org.sofj.mmu.internal;

import org.sofj.api.memory.MemoryRegions;

/**
 * The last two pages a user thread touched for one access kind (first address, span, backing
 * delta each), checked before its TLB: a loop stays on a page or two (a mixer reads two sources).
 * Owned by one thread. {@link Mmu#check} reads the fields itself: plain fields, not arrays and
 * not a method returning a sentinel, so the JIT hoists them out of a loop that stays on these
 * pages (a method measured a third slower). A span of 0 matches nothing; the older page is the one
 * replaced.
 */
final class LastPages {
    long page0;
    long span0;
    long delta0;
    long page1;
    long span1;
    long delta1;
    private boolean replace1;

    /** Makes the page at {@code pageStart} one of the two, replacing the older. */
    void remember(long pageStart, long delta) {
        if (replace1) {
            page1 = pageStart;
            span1 = MemoryRegions.PAGE_SIZE;
            delta1 = delta;
        } else {
            page0 = pageStart;
            span0 = MemoryRegions.PAGE_SIZE;
            delta0 = delta;
        }
        replace1 = !replace1;
    }

    void clear() {
        span0 = 0;
        span1 = 0;
    }
}
