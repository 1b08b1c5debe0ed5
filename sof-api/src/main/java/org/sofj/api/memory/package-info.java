/**
 * Simulated memory as modules and embedders see it: checked access by address or through a view,
 * module memory ({@code mod_alloc}, {@code fast_get}), partitions, domains and the layout.
 */
package org.sofj.api.memory;
