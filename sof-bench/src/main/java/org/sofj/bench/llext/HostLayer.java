package org.sofj.bench.llext;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A module layer in which {@code org.sofj.api} is a named module, built from the benchmark jar.
 *
 * <p>Why: sof-bench runs on the class path, where sof-api is in the unnamed module, but a library's
 * layer must resolve its {@code requires org.sofj.api} against a parent layer that holds a module
 * of that name. So the classes of sof-api, sof-llext, sof-mmu and
 * {@code org.sofj.bench.llext.host} are copied from the (shaded) benchmark jar into one jar named
 * {@code org.sofj.api} through {@code Automatic-Module-Name}, and that automatic module is defined
 * in a layer over the boot layer. ASM, Jackson and Agrona stay on the class path: the layer's
 * loader delegates their packages to the application loader, and an automatic module reads the
 * unnamed module. Only the api classes' identity matters: code in the layer and the libraries it
 * loads share them; the benchmark talks to the layer through JDK types only.
 */
final class HostLayer {
    /** The entry prefixes copied into the host module. */
    static final List<String> PACKAGES = List.of("org/sofj/api/", "org/sofj/llext/",
            "org/sofj/mmu/", "org/sofj/bench/llext/host/");

    private HostLayer() {
    }

    /**
     * Writes the host module jar.
     *
     * @param dir where to write it
     * @return the jar, an automatic module named {@code org.sofj.api}
     */
    static Path writeJar(Path dir) {
        final Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Automatic-Module-Name", "org.sofj.api");
        final Path out = dir.resolve("org.sofj.api.jar");
        try (JarFile bench = new JarFile(benchJar().toFile());
                OutputStream file = Files.newOutputStream(out);
                JarOutputStream jar = new JarOutputStream(file, manifest)) {
            for (Enumeration<JarEntry> en = bench.entries(); en.hasMoreElements();) {
                final JarEntry e = en.nextElement();
                if (!e.isDirectory() && PACKAGES.stream().anyMatch(e.getName()::startsWith)) {
                    jar.putNextEntry(new JarEntry(e.getName()));
                    jar.write(bench.getInputStream(e).readAllBytes());
                    jar.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * @param hostJar the jar from {@link #writeJar}
     * @return the layer holding the host module
     */
    static ModuleLayer define(Path hostJar) {
        final Configuration cf = ModuleLayer.boot().configuration().resolve(
                ModuleFinder.of(hostJar), ModuleFinder.of(), Set.of("org.sofj.api"));
        return ModuleLayer.boot().defineModulesWithOneLoader(cf,
                ClassLoader.getSystemClassLoader());
    }

    private static Path benchJar() {
        try {
            final Path p = Path.of(HostLayer.class.getProtectionDomain().getCodeSource()
                    .getLocation().toURI());
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException("run from target/benchmarks.jar, not " + p);
            }
            return p;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
