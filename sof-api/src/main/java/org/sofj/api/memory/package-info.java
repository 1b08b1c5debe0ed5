/**
 * Simulated memory as a module sees it (part of the author API): checked access by address or
 * through a view, module memory ({@code mod_alloc}, {@code fast_get}), its allocations, and the
 * address constants ({@code NULL}, page size). Every access goes through a capability the
 * instance received; domains, partitions, heaps and the layout belong to the platform and live in
 * {@code org.sofj.api.spi}.
 */
package org.sofj.api.memory;
