/**
 * The platform: what implementations provide, found with {@link java.util.ServiceLoader}, and
 * the platform-only types they exchange. Module providers from plugin libraries; the memory
 * system with its domains, partitions, heaps and layout; the audio engine with the sink and source
 * endpoints that hold the sink/source state and the kernel's setters; the scheduler; the library
 * loader.
 *
 * <p>A user-mode module may reference exactly one type here, {@link ModuleProvider}, which its
 * library provides; everything else in this package is for the runtime and its implementations
 * only, and the library loader's link check refuses a user-mode module that references it.
 */
package org.sofj.api.spi;
