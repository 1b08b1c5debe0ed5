package org.sofj.llext.internal.load;

import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolutionException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Supplier;

import org.sofj.api.Errno;
import org.sofj.api.LibraryLoadException;
import org.sofj.api.spi.ModuleProvider;
import org.sofj.llext.internal.manifest.ModuleSpec;
import org.sofj.llext.internal.pack.PluginJar;

/**
 * Defines one module layer per library and takes its providers from it. The layer's parent is
 * the layer holding {@code org.sofj.api} ({@link ApiLayer}: the boot layer when sof-api is on the
 * module path, a bridge layer when it is on the class path); the plugin module reads only
 * {@code org.sofj.api} and {@code java.base} (on the class path also the unnamed module the api
 * classes live in), and its class loader's parent is the platform class loader, so nothing on the
 * class path but the api's exported packages can be named by it. The classes of a library with
 * user-mode modules are defined with preemption checks ({@link PreemptionPoints}).
 */
final class LibraryLinker {
    private LibraryLinker() {
    }

    /**
     * Resolves the library's module against the api's layer ({@link ApiLayer}). The result
     * depends only on the verified content and that layer, which is the same for the life of the
     * JVM, and holds no class loader; so the loader keeps it with the verified content and a
     * re-load defines its new layer from it without resolving again.
     *
     * @param lib the verified library
     * @return its module's configuration, whose one parent is {@code ApiLayer.get()}'s
     * @throws LibraryLoadException {@code -ENOEXEC} if the module cannot be resolved
     */
    static Configuration resolve(VerifiedLibrary lib) {
        final InMemoryModule module = new InMemoryModule(lib.jar().descriptor(), lib.defined());
        try {
            return ApiLayer.get().configuration().resolve(module.finder(), ModuleFinder.of(),
                    Set.of(module.descriptor().name()));
        } catch (FindException | ResolutionException e) {
            throw notDefined(lib, e);
        }
    }

    /**
     * Defines a new layer, with a new class loader, from a configuration {@link #resolve} made
     * for {@code lib}; on a first load, also every class of the library in it.
     *
     * @param lib   the verified library
     * @param cf    {@code resolve(lib)}, made by this load or an earlier one of the same content
     * @param eager whether to define every class now ({@link #defineClasses}): a first load
     *              does; a re-load of content whose first load did leaves each class to the
     *              JVM's first use of it, as any layer does, since the very bytes it would define
     *              on the very same parents were accepted then
     * @return the layer
     * @throws LibraryLoadException {@code -ENOEXEC} if the layer or a class cannot be defined
     */
    static ModuleLayer defineLayer(VerifiedLibrary lib, Configuration cf, boolean eager) {
        final String name = lib.jar().descriptor().name();
        try {
            final ModuleLayer.Controller controller = ModuleLayer.defineModulesWithOneLoader(cf,
                    List.of(ApiLayer.get()), ClassLoader.getPlatformClassLoader());
            final Module defined = controller.layer().findModule(name).orElseThrow();
            ApiLayer.grantReads(controller, defined);
            if (eager) {
                defineClasses(defined, lib);
            }
            return controller.layer();
        } catch (LayerInstantiationException e) {
            throw notDefined(lib, e);
        }
    }

    private static LibraryLoadException notDefined(VerifiedLibrary lib, RuntimeException e) {
        return new LibraryLoadException(-Errno.ENOEXEC, "library " + lib.source().name()
                + ": module " + lib.jar().descriptor().name() + " cannot be defined: "
                + e.getMessage(), e);
    }

    /**
     * Defines (without initialising) every class of the library now, as llext links every
     * section at load, so a class the JVM refuses ({@code ClassFormatError}, a wrong name, a
     * missing superclass) fails the first load naming its entry instead of failing later inside
     * an instance creation that has already mapped sections and counted a use. The loader
     * remembers content only once this has passed, so a re-load, which skips it, defines only
     * bytes the JVM accepted before on the same parents.
     */
    private static void defineClasses(Module module, VerifiedLibrary lib) {
        for (String entry : lib.jar().entries().keySet()) {
            if (!PluginJar.isClass(entry) || entry.startsWith("META-INF/")) {
                continue;
            }
            final String name = entry.substring(0, entry.length() - ".class".length())
                    .replace('/', '.');
            try {
                Class.forName(module, name);
            } catch (LinkageError e) {
                throw new LibraryLoadException(-Errno.ENOEXEC, "library " + lib.source().name()
                        + ": class entry " + PluginJar.shown(entry) + " cannot be defined: " + e,
                        e);
            }
        }
    }

    /**
     * The providers of {@code layer}'s own modules, matched to the manifest by class name, as
     * suppliers that instantiate on first use (one instance per provider class). Nothing of the
     * library runs here: the provider classes are loaded but neither initialised nor constructed,
     * so a user-mode provider's constructor and static initialisers run only where the runtime
     * first asks for it (on the instance's user thread). A kernel-mode (trusted) module type's
     * provider is asked for its module names here, as before.
     */
    static Map<String, Supplier<ModuleProvider>> providers(ModuleLayer layer,
            VerifiedLibrary lib) {
        final Map<String, ServiceLoader.Provider<ModuleProvider>> byClass = new HashMap<>();
        try {
            ServiceLoader.load(layer, ModuleProvider.class).stream()
                    .filter(p -> p.type().getModule().getLayer() == layer)
                    .forEach(p -> byClass.put(p.type().getName(), p));
        } catch (ServiceConfigurationError | LinkageError e) {
            throw new LibraryLoadException(-Errno.ENOEXEC, "library " + lib.source().name()
                    + ": a module provider cannot be found: " + e.getMessage(), e);
        }
        final Map<String, Supplier<ModuleProvider>> instances = new HashMap<>();
        final Map<String, Supplier<ModuleProvider>> byModule = new LinkedHashMap<>();
        for (ModuleSpec spec : lib.source().modules()) {
            final ServiceLoader.Provider<ModuleProvider> p = byClass.get(spec.provider());
            if (p == null) {
                throw new LibraryLoadException(-Errno.ENOEXEC, "library " + lib.source().name()
                        + ": module \"" + spec.name() + "\": provider " + spec.provider()
                        + " was not found in the library's layer (found " + byClass.keySet()
                        + ")");
            }
            final Supplier<ModuleProvider> once = instances.computeIfAbsent(spec.provider(),
                    k -> new Once(p, lib.source().name()));
            if (!spec.description().userMode() && !once.get().moduleNames().contains(spec.name())) {
                throw new LibraryLoadException(-Errno.EINVAL, "library " + lib.source().name()
                        + ": module \"" + spec.name() + "\": provider " + spec.provider()
                        + " offers only " + once.get().moduleNames());
            }
            byModule.put(spec.name(), once);
        }
        return byModule;
    }

    /** One provider instance, made on the first call, on the calling thread. */
    private static final class Once implements Supplier<ModuleProvider> {
        private final ServiceLoader.Provider<ModuleProvider> provider;
        private final String library;
        private ModuleProvider instance;

        Once(ServiceLoader.Provider<ModuleProvider> provider, String library) {
            this.provider = provider;
            this.library = library;
        }

        @Override
        public synchronized ModuleProvider get() {
            if (instance == null) {
                try {
                    instance = provider.get();
                } catch (ServiceConfigurationError e) {
                    throw new LibraryLoadException(-Errno.ENOEXEC, "library " + library
                            + ": provider " + provider.type().getName()
                            + " cannot be instantiated", e);
                }
            }
            return instance;
        }
    }
}
