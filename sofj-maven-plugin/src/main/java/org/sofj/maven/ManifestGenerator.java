package org.sofj.maven;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.sofj.api.ApiVersion;
import org.sofj.api.ModuleDescription;
import org.sofj.api.spi.ModuleProvider;
import org.sofj.llext.SourceManifests;

/**
 * Writes or checks a plugin's source manifest from its compiled classes, so each fact has one
 * source: the providers are the module-info's {@code provides org.sofj.api.spi.ModuleProvider
 * with ...}, and each module's uuid, IBS/OBS/CPS, user_mode and heap/stack requests are what its
 * provider's {@code describe} returns. A hand-written {@code META-INF/sofj/modules.toml} is kept
 * only if it agrees with every description; a manifest the build wrote earlier is rewritten.
 */
final class ManifestGenerator {
    /** The service every plugin provides. */
    static final String SPI = ModuleProvider.class.getName();
    private static final String MARK = "# Written by the build";
    private static final Pattern VERSION = Pattern.compile("(\\d{1,5})(?:\\.(\\d{1,5}))?"
            + "(?:\\.(\\d{1,5}))?(?:\\.(\\d{1,5}))?(?:[-.].*)?");

    /** What {@link #run} did. */
    enum Outcome {
        /** The manifest was written from the descriptions. */
        WRITTEN,
        /** A hand-written manifest agrees with every description. */
        CHECKED
    }

    private ManifestGenerator() {
    }

    /**
     * Writes the manifest into {@code classes} from the providers' descriptions, or checks a
     * hand-written one against them.
     *
     * @param classes the plugin's compiled classes ({@code target/classes})
     * @param classpath the rest of its compile class path (sof-api is taken from the caller)
     * @param libraryName the library name for a written manifest
     * @param version the project version; its leading numbers become the library version
     * @return what was done
     * @throws IllegalArgumentException with one line per problem, naming file, field and values
     */
    static Outcome run(Path classes, List<Path> classpath, String libraryName, String version) {
        final List<SourceManifests.Described> described = new ArrayList<>();
        final List<String> undescribed = new ArrayList<>();
        describe(classes, classpath, described, undescribed);
        final Path file = classes.resolve(SourceManifests.PATH);
        final byte[] existing = read(file);
        if (existing != null && !new String(existing, StandardCharsets.UTF_8).startsWith(MARK)) {
            final List<String> lines = SourceManifests.disagreements(existing, described);
            if (!lines.isEmpty()) {
                throw new IllegalArgumentException(String.join("\n", lines));
            }
            return Outcome.CHECKED;
        }
        if (!undescribed.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", undescribed));
        }
        final String toml = SourceManifests.toToml(libraryName, libraryVersion(version),
                ApiVersion.CURRENT, described);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, toml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return Outcome.WRITTEN;
    }

    /**
     * The library version a Maven version stands for.
     *
     * @param version a Maven version such as {@code 1.2.0-SNAPSHOT}
     * @return its leading numbers as {@code major.minor.hotfix[.build]}
     * @throws IllegalArgumentException naming the value if it does not start with a number
     */
    static String libraryVersion(String version) {
        final Matcher m = VERSION.matcher(version);
        if (!m.matches()) {
            throw new IllegalArgumentException("libraryVersion=" + version + " must start with "
                    + "major[.minor[.hotfix[.build]]] numbers of at most 5 digits");
        }
        final StringBuilder b = new StringBuilder(m.group(1));
        for (int i = 2; i <= 4; i++) {
            if (m.group(i) != null || i < 4) {
                b.append('.').append(m.group(i) == null ? "0" : m.group(i));
            }
        }
        return b.toString();
    }

    private static void describe(Path classes, List<Path> classpath,
            List<SourceManifests.Described> described, List<String> undescribed) {
        final List<String> providers = providers(classes);
        try (URLClassLoader loader = new URLClassLoader(urls(classes, classpath),
                ModuleProvider.class.getClassLoader())) {
            for (String name : providers) {
                final ModuleProvider p = instantiate(loader, name);
                for (String module : p.moduleNames()) {
                    final Optional<ModuleDescription> d = p.describe(module);
                    if (d.isPresent()) {
                        described.add(new SourceManifests.Described(name, d.get()));
                    } else {
                        undescribed.add("module \"" + module + "\": " + name + ".describe(\""
                                + module + "\") is empty and there is no "
                                + SourceManifests.PATH + ": return the module's description"
                                + " from describe, or write the manifest by hand");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the class loader of " + classes, e);
        }
    }

    private static List<String> providers(Path classes) {
        final Path info = classes.resolve("module-info.class");
        if (!Files.isRegularFile(info)) {
            throw new IllegalArgumentException(classes + ": no module-info.class: a sofj plugin"
                    + " is a JPMS module declaring 'provides " + SPI + " with ...'");
        }
        final ModuleDescriptor d;
        try {
            d = ModuleDescriptor.read(Files.newInputStream(info));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + info, e);
        }
        for (ModuleDescriptor.Provides p : d.provides()) {
            if (p.service().equals(SPI)) {
                return p.providers();
            }
        }
        throw new IllegalArgumentException("module " + d.name() + ": module-info declares no"
                + " 'provides " + SPI + " with ...': name the provider class there, once");
    }

    private static ModuleProvider instantiate(ClassLoader loader, String name) {
        try {
            final Class<? extends ModuleProvider> c = Class.forName(name, true, loader)
                    .asSubclass(ModuleProvider.class);
            return c.getConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
            throw new IllegalArgumentException("provider " + name + " cannot be created with its"
                    + " public no-arg constructor: " + e, e);
        }
    }

    private static URL[] urls(Path classes, List<Path> classpath) {
        final List<URL> urls = new ArrayList<>();
        try {
            urls.add(classes.toUri().toURL());
            for (Path p : classpath) {
                if (!p.equals(classes)) {
                    urls.add(p.toUri().toURL());
                }
            }
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("bad class path entry: " + e.getMessage(), e);
        }
        return urls.toArray(new URL[0]);
    }

    private static byte[] read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
