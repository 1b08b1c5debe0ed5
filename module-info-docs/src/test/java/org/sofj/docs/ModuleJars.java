package org.sofj.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Provides;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Finds a sofj module's built artifact (its jar under {@code mvn verify}, its classes directory
 * under {@code mvn test}) through a class it contains, and reads its descriptor from there.
 */
final class ModuleJars {
    private ModuleJars() {
    }

    static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate " + type.getName(), e);
        }
    }

    static ModuleReference reference(String moduleName, Class<?> anyClassOfIt) {
        final Path location = locationOf(anyClassOfIt);
        final Optional<ModuleReference> ref = ModuleFinder.of(location).find(moduleName);
        return ref.orElseThrow(() -> new AssertionError(moduleName + " not found at " + location));
    }

    static ModuleDescriptor descriptor(String moduleName, Class<?> anyClassOfIt) {
        return reference(moduleName, anyClassOfIt).descriptor();
    }

    /** @return each {@code provides} clause as "service with provider,..." */
    static List<String> provisions(ModuleDescriptor descriptor) {
        return descriptor.provides().stream().map(ModuleJars::provision)
                .collect(Collectors.toList());
    }

    private static String provision(Provides p) {
        return p.service() + " with " + String.join(",", p.providers());
    }

    /** @return the trimmed content of the module's {@code META-INF/services/<spi>} file */
    static String servicesFile(String moduleName, Class<?> anyClassOfIt, String spi) {
        try (ModuleReader reader = reference(moduleName, anyClassOfIt).open();
                InputStream in = reader.open("META-INF/services/" + spi).orElseThrow(
                        () -> new AssertionError(moduleName + " ships no services file for "
                                + spi))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return whether the module exports and opens nothing and is an explicit module */
    static boolean sealed(ModuleDescriptor d) {
        return d.exports().isEmpty() && d.opens().isEmpty() && !d.isOpen() && !d.isAutomatic();
    }

    /**
     * Resolves {@code moduleName} from the built artifacts of the given classes alone (against
     * the boot layer) and defines it, with what it resolved, in a new layer with one loader.
     *
     * @return the layer; {@link #names} lists the modules it holds
     */
    static ModuleLayer layerOf(String moduleName, Class<?>... jarsOf) {
        final ModuleFinder finder = ModuleFinder.of(Arrays.stream(jarsOf)
                .map(ModuleJars::locationOf).toArray(Path[]::new));
        final Configuration cf = ModuleLayer.boot().configuration()
                .resolve(finder, ModuleFinder.of(), Set.of(moduleName));
        return ModuleLayer.boot().defineModulesWithOneLoader(cf,
                ClassLoader.getPlatformClassLoader());
    }

    /** @return the names of the modules defined in {@code layer} */
    static Set<String> names(ModuleLayer layer) {
        return layer.modules().stream().map(Module::getName).collect(Collectors.toSet());
    }

    /** @return the providers of {@code spi} (loaded from org.sofj.api) in {@code layer}, made */
    static List<Object> providers(ModuleLayer layer, String spi) {
        try {
            @SuppressWarnings("unchecked")
            final Class<Object> type = (Class<Object>) Class.forName(spi, false,
                    layer.findLoader("org.sofj.api"));
            return ServiceLoader.load(layer, type).stream().map(ServiceLoader.Provider::get)
                    .collect(Collectors.toList());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * @return the names of the module's classes (binary names, {@code a.b.C$D}) in the given
     *     packages, read from its built artifact
     */
    static Set<String> classesIn(String moduleName, Class<?> anyClassOfIt, Set<String> packages) {
        try (ModuleReader reader = reference(moduleName, anyClassOfIt).open()) {
            return reader.list().filter(n -> n.endsWith(".class") && !n.endsWith("module-info.class")
                    && !n.endsWith("package-info.class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                    .filter(n -> packages.contains(n.substring(0, n.lastIndexOf('.'))))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the bytes of every class file the module's artifact holds, by entry name */
    static Map<String, byte[]> classFiles(String moduleName, Class<?> anyClassOfIt) {
        final Map<String, byte[]> result = new TreeMap<>();
        try (ModuleReader reader = reference(moduleName, anyClassOfIt).open()) {
            for (String n : reader.list().filter(e -> e.endsWith(".class"))
                    .collect(Collectors.toList())) {
                try (InputStream in = reader.open(n).orElseThrow()) {
                    result.put(n, in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }
}
