/**
 * The stable API of sofj.
 *
 * <p>Two faces, kept apart:
 * <ul>
 *   <li><b>The author API</b>, what a module uses: {@code org.sofj.api} (the module interface,
 *       its context, descriptions, identifiers, errno and IPC4 status values, exceptions),
 *       {@code org.sofj.api.audio} (formats, the final {@code Sink}/{@code Source} views,
 *       regions, sample helpers) and {@code org.sofj.api.memory} (checked access, views, module
 *       memory, allocations, address constants). Nothing in these packages grants a right a
 *       module does not already have: there are no kernel setters, no domains or partitions, no
 *       heaps and no platform services.</li>
 *   <li><b>The platform SPIs</b>, what the runtime and its implementations use and what
 *       {@link java.util.ServiceLoader} finds: {@code org.sofj.api.spi} (memory system, domains,
 *       partitions, heaps, layout, audio engine with its sink and source endpoints, scheduler,
 *       library loader). A plugin library reaches into it for exactly one type,
 *       {@code org.sofj.api.spi.ModuleProvider}, which it provides.</li>
 * </ul>
 *
 * <p><b>The trust boundary.</b> A user-mode module ({@code user_mode = 1} in its manifest) is
 * not trusted: the library loader's link check lets it reference the author packages and
 * {@code ModuleProvider} only, its operations run on its instance's user thread inside its memory
 * domain, and the types the kernel calls back ({@code Sink}, {@code Source}) are final, so the
 * kernel never runs a method a module supplied. A kernel-mode module ({@code user_mode = 0}, the
 * default) is trusted, as in SOF: it runs on kernel threads with kernel rights, and nothing here
 * protects the runtime from it.
 *
 * <p>This module requires {@code java.base} only.
 */
module org.sofj.api {
    exports org.sofj.api;
    exports org.sofj.api.audio;
    exports org.sofj.api.memory;
    exports org.sofj.api.spi;
}
