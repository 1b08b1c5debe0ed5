package org.sofj.llext.internal.pack;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Provides;
import java.lang.module.ModuleDescriptor.Requires;
import java.util.List;
import java.util.Set;

import org.sofj.api.Errno;
import org.sofj.api.LibraryLoadException;
import org.sofj.api.spi.ModuleProvider;
import org.sofj.llext.internal.manifest.ModuleSpec;
import org.sofj.llext.internal.manifest.SourceManifest;

/**
 * Checks a plugin jar's {@code module-info} against DESIGN §1 and its source manifest: it
 * requires only {@code org.sofj.api} (and {@code java.base}), exports and opens nothing, provides
 * only {@code ModuleProvider}, and every manifest module's provider is declared in that
 * {@code provides} and present in the jar. Used by pack and again by load.
 */
public final class PluginValidator {
    /** The modules a plugin may read. */
    public static final Set<String> ALLOWED_REQUIRES = Set.of("java.base", "org.sofj.api");
    private static final String SPI = ModuleProvider.class.getName();

    private PluginValidator() {
    }

    /**
     * @param manifest the parsed source manifest
     * @param jar      the plugin jar
     * @throws LibraryLoadException {@code -EINVAL} naming the module and what is wrong
     */
    public static void validate(SourceManifest manifest, PluginJar jar) {
        final ModuleDescriptor d = jar.descriptor();
        final String where = "plugin module " + d.name() + ": ";
        for (Requires r : d.requires()) {
            if (!ALLOWED_REQUIRES.contains(r.name())) {
                throw invalid(where + "requires " + r.name()
                        + "; a plugin may require only org.sofj.api");
            }
        }
        if (d.isOpen() || !d.opens().isEmpty() || !d.exports().isEmpty()) {
            throw invalid(where + "exports or opens packages " + d.exports() + d.opens()
                    + "; a plugin exports nothing");
        }
        List<String> declared = List.of();
        for (Provides p : d.provides()) {
            if (!p.service().equals(SPI)) {
                throw invalid(where + "provides " + p.service() + "; a plugin provides only "
                        + SPI);
            }
            declared = p.providers();
        }
        for (ModuleSpec spec : manifest.modules()) {
            if (!declared.contains(spec.provider())) {
                throw invalid(where + "module \"" + spec.name() + "\": provider "
                        + spec.provider() + " is not declared in 'provides " + SPI + " with "
                        + String.join(", ", declared) + "'");
            }
            final String file = spec.provider().replace('.', '/') + ".class";
            if (!jar.entries().containsKey(file)) {
                throw invalid(where + "module \"" + spec.name() + "\": provider class " + file
                        + " is not in the jar");
            }
        }
    }

    private static LibraryLoadException invalid(String why) {
        return new LibraryLoadException(-Errno.EINVAL, why);
    }
}
