/**
 * The sample modules and their provider. Nothing here is exported: the runtime reaches the
 * modules only through {@link org.sofj.plugins.sample.internal.SampleModuleProvider}, which the
 * module descriptor names in {@code provides org.sofj.api.spi.ModuleProvider with ...}.
 *
 * <p>Every module follows the same rules: IBS/OBS come from the instance's base configuration;
 * {@code process} moves exactly one period (IBS in, OBS out) or returns {@code -ENODATA} /
 * {@code -ENOSPC} without consuming anything; it handles the circular wrap of each fragment and
 * allocates nothing (scratch arrays are made in {@code init}). Configuration blobs are
 * little-endian and assembled by {@link org.sofj.plugins.sample.internal.ConfigBlob}; their
 * layouts are documented on each module class and in {@code docs/sample-modules.md}.
 */
package org.sofj.plugins.sample.internal;
