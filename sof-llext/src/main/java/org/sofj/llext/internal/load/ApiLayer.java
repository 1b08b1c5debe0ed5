package org.sofj.llext.internal.load;

import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolutionException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.Set;

import org.sofj.api.Errno;
import org.sofj.api.LibraryLoadException;
import org.sofj.api.ModuleDescription;

/**
 * The layer a library's layer is defined over: the one that holds a module named
 * {@code org.sofj.api} whose classes are the very classes the runtime uses.
 *
 * <p>On the module path that is the layer of sof-api itself (the boot layer for an application
 * started with {@code --module-path}). On the class path sof-api's classes sit in the application
 * class loader's unnamed module, and a library's {@code requires org.sofj.api} cannot resolve
 * against it. Defining sof-api's jar again in a new layer would give a second copy of every api
 * class, and a provider implementing that copy's {@code ModuleProvider} would not be the runtime's
 * {@code ModuleProvider}. So this class defines a <em>bridge</em> layer: it resolves sof-api's own
 * module descriptor (read from the jar or directory the api classes came from, so its exports are
 * exactly the real ones) and maps that module to a {@link Bridge} class loader that defines no
 * class: asked for a class of one of the descriptor's packages it returns the class the
 * application loader already has; asked for anything else it knows only the JDK's boot classes.
 * A library module then reads {@code org.sofj.api} through this layer, its loader delegates the
 * api's exported packages to the bridge, and {@link #grantReads} lets it read the unnamed module
 * those classes really live in (the JVM checks readability against the class's real module).
 *
 * <p>What stays the same as on the module path: the library's loader has the platform loader as
 * parent and resolves by name only the api's exported packages and the JDK's; the link check runs
 * on the same bytes with the same allow-list. What differs is written in docs/embedding.md and
 * docs/threat-model.md: the library module reads the class path's unnamed module, where on the
 * module path it reads only {@code org.sofj.api}.
 */
final class ApiLayer {
    /** The api module's name, as a library {@code requires} it. */
    static final String API = "org.sofj.api";

    private ApiLayer() {
    }

    /** @return whether the api classes are in a named module (the module path) */
    static boolean named() {
        return ModuleDescription.class.getModule().isNamed();
    }

    /**
     * @return the layer that holds {@code org.sofj.api}: sof-api's own layer on the module path,
     *     the bridge layer (made once) on the class path
     * @throws LibraryLoadException if the api classes came from a place without sof-api's
     *     module descriptor
     */
    static ModuleLayer get() {
        if (named()) {
            final ModuleLayer layer = ModuleDescription.class.getModule().getLayer();
            return layer != null ? layer : ModuleLayer.boot();
        }
        return bridgeLayer();
    }

    /**
     * On the class path, lets {@code library} read the unnamed module of the api classes, which
     * the JVM's access check needs; on the module path does nothing (the library reads the named
     * {@code org.sofj.api} already).
     *
     * @param controller the controller of the library's layer
     * @param library    the library's module
     */
    static void grantReads(ModuleLayer.Controller controller, Module library) {
        if (!named()) {
            controller.addReads(library, ModuleDescription.class.getModule());
        }
    }

    /** The bridge layer, made on first use (a failure is thrown to each caller, not cached). */
    private static ModuleLayer made;

    private static synchronized ModuleLayer bridgeLayer() {
        if (made == null) {
            made = bridge();
        }
        return made;
    }

    private static ModuleLayer bridge() {
        final Path where = apiLocation();
        final ModuleFinder finder = ModuleFinder.of(where);
        final ModuleDescriptor descriptor;
        try {
            descriptor = finder.find(API).map(r -> r.descriptor()).orElseThrow(() ->
                    new LibraryLoadException(-Errno.ENOEXEC, "sof-api's classes were loaded from "
                            + where + ", which has no module descriptor for " + API
                            + "; put the sof-api jar itself on the class path"));
        } catch (FindException e) {
            throw new LibraryLoadException(-Errno.ENOEXEC, "sof-api's classes were loaded from "
                    + where + ", whose module descriptor cannot be read: " + e.getMessage(), e);
        }
        try {
            final ModuleLayer boot = ModuleLayer.boot();
            final Configuration cf = boot.configuration().resolve(finder, ModuleFinder.of(),
                    Set.of(API));
            final Bridge bridge = new Bridge(ModuleDescription.class.getClassLoader(),
                    descriptor.packages());
            return ModuleLayer.defineModules(cf, List.of(boot), name -> bridge).layer();
        } catch (ResolutionException | LayerInstantiationException e) {
            throw new LibraryLoadException(-Errno.ENOEXEC, "the " + API + " bridge layer for a "
                    + "class-path application cannot be defined: " + e.getMessage(), e);
        }
    }

    private static Path apiLocation() {
        final CodeSource cs = ModuleDescription.class.getProtectionDomain().getCodeSource();
        if (cs == null || cs.getLocation() == null) {
            throw new LibraryLoadException(-Errno.ENOEXEC, "the location of sof-api's classes is "
                    + "unknown (no code source); put the sof-api jar on the class path");
        }
        try {
            return Path.of(cs.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException
                | java.nio.file.FileSystemNotFoundException e) {
            throw new LibraryLoadException(-Errno.ENOEXEC, "sof-api's classes come from "
                    + cs.getLocation() + ", not a file: " + e.getMessage(), e);
        }
    }

    /**
     * The class loader of the bridge's {@code org.sofj.api}: it defines nothing; a class of one
     * of sof-api's packages is the application loader's, anything else is the boot loader's or
     * not found. It finds no resources.
     */
    static final class Bridge extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final ClassLoader classes;
        private final Set<String> packages;

        Bridge(ClassLoader classes, Set<String> packages) {
            super("sofj-api-bridge", null);
            this.classes = classes;
            this.packages = Set.copyOf(packages);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            final int dot = name.lastIndexOf('.');
            if (dot > 0 && packages.contains(name.substring(0, dot))) {
                return Class.forName(name, false, classes);
            }
            return super.loadClass(name, resolve);
        }
    }
}
