/**
 * The author API's root: what a module author uses, and what an embedder reads back. The module
 * interface ({@link org.sofj.api.ProcessingModule}), its context, the manifest's description of a
 * module type, identifiers, SOF's errno values and IPC4 status codes, and sofj's exceptions.
 *
 * <p><b>This package, {@code org.sofj.api.audio} and {@code org.sofj.api.memory} are the isolation
 * boundary.</b> A user-mode module ({@code user_mode = 1}) may reference these three packages and
 * {@link org.sofj.api.spi.ModuleProvider}, nothing else of sofj; the library loader's link check
 * refuses any other reference. So these packages hold only what an untrusted module may use:
 * values, the module-facing views and the capabilities handed to an instance. What only the
 * platform may call (kernel setters of sinks and sources, domains, partitions, heaps, the memory
 * layout, which operations a module overrides) lives in {@code org.sofj.api.spi}.
 *
 * <p>Kernel-mode modules ({@code user_mode = 0}) are trusted, as in SOF: they run with kernel
 * rights and the boundary does not apply to them. User-mode modules are not trusted: their operations
 * runs on their instance's user thread, inside its memory domain, and every type the kernel
 * calls back ({@link org.sofj.api.audio.Sink}, {@link org.sofj.api.audio.Source}) is final and
 * made by the platform, so a module cannot make the kernel run a method of its own.
 */
package org.sofj.api;
