package org.sofj.bench.llext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Comparator;

import org.sofj.llext.LibraryKeys;
import org.sofj.llext.LibraryPacker;

/**
 * The library the llext benchmarks load, made once per trial in a scratch directory: the host
 * layer ({@link HostLayer}), the plugin jar ({@link BenchPlugin}) and the packed, signed library.
 *
 * @param dir       the scratch directory
 * @param host      the host layer, where {@code org.sofj.api} is a named module
 * @param pluginJar the plugin jar
 * @param library   the packed library file
 * @param key       the key it was signed with
 */
record BenchLibrary(Path dir, ModuleLayer host, Path pluginJar, Path library, KeyPair key) {

    /** @return a new scratch directory holding the host layer's jar, the plugin and the library */
    static BenchLibrary create() throws IOException {
        final Path dir = Files.createTempDirectory("sofj-llext-bench");
        final Path hostJar = HostLayer.writeJar(dir);
        final ModuleLayer host = HostLayer.define(hostJar);
        final Path pluginJar = BenchPlugin.build(dir, hostJar);
        final KeyPair key = LibraryKeys.generate();
        final Path library = dir.resolve("benchlib.sofjlib");
        LibraryPacker.pack(pluginJar, key, library);
        return new BenchLibrary(dir, host, pluginJar, library, key);
    }

    /**
     * Makes an instance of a class of the host layer.
     *
     * @param className  the class, in {@code org.sofj.bench.llext.host}
     * @param paramTypes its constructor's parameter types
     * @param args       the arguments
     * @return the instance, as a JDK type both sides share
     */
    <T> T hostObject(String className, Class<?>[] paramTypes, Object... args)
            throws ReflectiveOperationException {
        final Object o = host.findLoader("org.sofj.api").loadClass(className)
                .getConstructor(paramTypes).newInstance(args);
        @SuppressWarnings("unchecked")
        final T t = (T) o;
        return t;
    }

    /** Deletes the scratch directory. */
    void delete() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
