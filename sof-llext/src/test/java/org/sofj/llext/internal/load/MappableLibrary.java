package org.sofj.llext.internal.load;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import java.util.TreeMap;

import org.sofj.llext.TestPlugins;
import org.sofj.llext.internal.pack.PluginJar;

/**
 * The standard test plugin plus one resource, packed with a chosen {@code is_pages}, and the
 * section bytes the loader is expected to map for it (computed independently of
 * {@link LibraryImage}, from the entry rules in docs/library-format.md).
 */
final class MappableLibrary {
    /** The resource entry every such library carries. */
    static final String RESOURCE = "test/plugin/taps.bin";

    private final byte[] jar;

    /**
     * @param classes the compiled standard plugin
     * @param isPages the module's {@code is_pages}
     */
    MappableLibrary(Map<String, byte[]> classes, int isPages) {
        final Map<String, byte[]> entries = new TreeMap<>(classes);
        entries.put(RESOURCE, resourceBytes());
        jar = TestPlugins.jar(entries, TestPlugins.toml("1.0.0",
                "user_mode = 1\nis_pages = " + isPages + "\ninstance_max_count = 4"));
    }

    /** @return 5000 bytes with a pattern, so a page boundary falls inside the resource */
    static byte[] resourceBytes() {
        final byte[] b = new byte[5000];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 7 + 3);
        }
        return b;
    }

    /**
     * @param dir    where to write the library file
     * @param signer the signing key
     * @return the packed library file
     */
    Path pack(Path dir, KeyPair signer) {
        return TestPlugins.pack(dir, jar, signer, "gain.sofjlib");
    }

    /** @return the class entries except module-info.class, by ascending name, back to back */
    byte[] expectedText() {
        return concat(true);
    }

    /** @return every other entry by ascending name, back to back */
    byte[] expectedRodata() {
        return concat(false);
    }

    private byte[] concat(boolean classes) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        PluginJar.read(jar).entries().forEach((name, bytes) -> {
            final boolean isClass = name.endsWith(".class") && !name.equals("module-info.class");
            if (isClass == classes) {
                out.writeBytes(bytes);
            }
        });
        return out.toByteArray();
    }
}
