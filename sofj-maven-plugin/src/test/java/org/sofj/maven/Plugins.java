package org.sofj.maven;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

import org.sofj.api.spi.ModuleProvider;

/** Test fixture: compiles a small plugin's sources (module-info included) against sof-api. */
final class Plugins {
    private Plugins() {
    }

    /** @return where sof-api's classes are (a jar or a directory) */
    static Path sofApi() {
        try {
            return Path.of(ModuleProvider.class.getProtectionDomain().getCodeSource().getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param dir     a scratch directory
     * @param sources path under src/ to source text
     * @return the classes directory
     */
    static Path compile(Path dir, Map<String, String> sources) {
        final Path src = dir.resolve("src");
        final Path classes = dir.resolve("classes");
        final List<String> args = new ArrayList<>(List.of("--release", "17", "-d",
                classes.toString(), "--module-path", sofApi().toString()));
        try {
            for (Map.Entry<String, String> e : sources.entrySet()) {
                final Path file = src.resolve(e.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue());
                args.add(file.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        final StringWriter out = new StringWriter();
        final int rc = ToolProvider.findFirst("javac").orElseThrow().run(
                new java.io.PrintWriter(out), new java.io.PrintWriter(out),
                args.toArray(new String[0]));
        if (rc != 0) {
            throw new AssertionError("javac failed: " + out);
        }
        return classes;
    }

    /** A provider of one module "gain" whose describe gives the ibs and user mode given. */
    static Map<String, String> gain(String describe) {
        return Map.of("module-info.java", "module com.example.gain {\n"
                + "    requires org.sofj.api;\n"
                + "    provides org.sofj.api.spi.ModuleProvider with com.example.gain.GainProvider;\n"
                + "}\n",
                "com/example/gain/GainProvider.java", "package com.example.gain;\n"
                + "import java.util.*;\n"
                + "import org.sofj.api.*;\n"
                + "import org.sofj.api.spi.ModuleProvider;\n"
                + "public final class GainProvider implements ModuleProvider {\n"
                + "    public Set<String> moduleNames() { return Set.of(\"gain\"); }\n"
                + "    public ProcessingModule create(String n) { return null; }\n"
                + "    public Optional<ModuleDescription> describe(String n) {\n"
                + "        return " + describe + ";\n"
                + "    }\n"
                + "}\n");
    }

    /** The description of {@link #gain} with the given ibs and user mode. */
    static String description(int ibs, boolean user) {
        return "Optional.of(ModuleDescription.builder(\"gain\", UUID.fromString("
                + "\"0b3c2a6e-5d1f-4c8e-9a7b-3f2e1d0c9b8a\")).ibs(" + ibs + ").obs(192)"
                + ".userMode(" + user + ").build())";
    }

    /**
     * A user-mode gain whose {@code create} runs {@code body} first, compiled, given the manifest
     * the manifest goal writes, and jarred as {@code dir/gain-1.0.jar}.
     */
    static Path gainJar(Path dir, String body) {
        final Map<String, String> sources = new HashMap<>(gain(description(192, true)));
        sources.put("com/example/gain/GainProvider.java", sources
                .get("com/example/gain/GainProvider.java")
                .replace("return null;", body + " return null;"));
        final Path classes = compile(dir, sources);
        ManifestGenerator.run(classes, List.of(), "gainlib", "1.0.0");
        final Path jar = dir.resolve("gain-1.0.jar");
        try (OutputStream f = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(f);
                Stream<Path> files = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString()));
                out.write(Files.readAllBytes(p));
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }
}
