package org.sofj.docs;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;

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
}
