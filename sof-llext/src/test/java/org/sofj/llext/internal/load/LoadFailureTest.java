package org.sofj.llext.internal.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sofj.api.Errno;
import org.sofj.api.spi.MemorySystem;
import org.sofj.api.LibraryLoadException;
import org.sofj.llext.LibraryKeys;
import org.sofj.llext.TestMemory;
import org.sofj.llext.TestPlugins;
import org.sofj.llext.internal.manifest.SourceManifestParser;
import org.sofj.llext.internal.pack.JarWriter;
import org.sofj.llext.internal.pack.LibraryContainer;
import org.sofj.llext.internal.pack.ManifestBuilder;
import org.sofj.llext.internal.pack.PluginJar;

final class LoadFailureTest {
    private static final KeyPair TRUSTED = LibraryKeys.generate();
    private static final KeyPair STRANGER = LibraryKeys.generate();
    private static final MemorySystem MEMORY = TestMemory.create();
    private static final String TOML = TestPlugins.toml("1.0.0", "user_mode = 1");
    private static Map<String, byte[]> classes;

    @TempDir
    Path dir;

    private final LlextLibraryLoader loader = new LlextLibraryLoader(MEMORY,
                Set.of(TRUSTED.getPublic()));

    @AfterAll
    static void closeMemory() {
        MEMORY.close();
    }

    @BeforeAll
    static void compile(@TempDir Path work) {
        classes = TestPlugins.compile(work, TestPlugins.sources("A"));
    }

    private Path good() {
        return TestPlugins.pack(dir, TestPlugins.jar(classes, TOML), TRUSTED, "good.sofjlib");
    }

    private LibraryLoadException loadFails(int errno, Path file, String... phrases) {
        final LibraryLoadException e = assertThrows(LibraryLoadException.class,
                () -> loader.load(1, file));
        assertEquals(errno, e.errno(), e.getMessage());
        for (String p : phrases) {
            assertTrue(e.getMessage().contains(p), e.getMessage());
        }
        assertEquals(Set.of(), loader.libIds());
        assertTrue(loader.library(1).isEmpty());
        return e;
    }

    private Path write(LibraryContainer c) {
        final Path f = dir.resolve("crafted.sofjlib");
        c.write(f);
        return f;
    }

    @Test
    void shouldLoadWhenEverythingIsValid() {
        assertEquals("gainlib", loader.load(1, good()).name());
        assertEquals(Set.of(1), loader.libIds());
    }

    @Test
    void shouldRefuseWithEaccesWhenTheSignatureIsBad() {
        final LibraryContainer c = LibraryContainer.read(good());
        final byte[] sig = c.signature().clone();
        sig[0] ^= 1;
        loadFails(-Errno.EACCES, write(new LibraryContainer(c.manifest(), c.toml(),
                c.pluginJar(), c.keyId(), sig)), "bad signature", c.keyId());
    }

    @Test
    void shouldRefuseWithEaccesWhenTheKeyIsUntrusted() {
        final Path f = TestPlugins.pack(dir, TestPlugins.jar(classes, TOML), STRANGER, "s.sofjlib");
        loadFails(-Errno.EACCES, f, "untrusted key", LibraryKeys.keyId(STRANGER.getPublic()));
    }

    @Test
    void shouldRefuseWithEaccesWhenAClassWasTamperedAndResigned() {
        final LibraryContainer c = LibraryContainer.read(good());
        final Map<String, byte[]> tampered = new TreeMap<>(classes);
        final byte[] gain = tampered.get("test/plugin/Gain.class").clone();
        gain[gain.length - 1] ^= 1;
        tampered.put("test/plugin/Gain.class", gain);
        final byte[] jar = TestPlugins.jar(tampered, TOML);
        loadFails(-Errno.EACCES, write(LibraryContainer.sign(c.manifest(), c.toml(), jar,
                TRUSTED)), "module \"GAIN\": hash mismatch");
    }

    @Test
    void shouldRefuseWithEinvalWhenBinaryManifestDisagreesWithSourceManifest() {
        final byte[] jar = TestPlugins.jar(classes, TOML);
        final String other = TestPlugins.toml("1.0.0", "user_mode = 1\naffinity = 3");
        final byte[] manifest = ManifestBuilder.build(SourceManifestParser.parse(
                other.getBytes(StandardCharsets.UTF_8)), PluginJar.read(jar)).toBytes();
        loadFails(-Errno.EINVAL, write(LibraryContainer.sign(manifest,
                TOML.getBytes(StandardCharsets.UTF_8), jar, TRUSTED)),
                "module \"GAIN\"", "affinity: manifest.bin=3 modules.toml=1");
    }

    @Test
    void shouldRefuseWithEinvalWhenTheProviderIsNotDeclaredInModuleInfo() {
        final String toml = TOML.replace("test.plugin.GainProvider", "test.plugin.Gain");
        final byte[] jar = TestPlugins.jar(classes, toml);
        final byte[] manifest = ManifestBuilder.build(SourceManifestParser.parse(
                toml.getBytes(StandardCharsets.UTF_8)), PluginJar.read(jar)).toBytes();
        loadFails(-Errno.EINVAL, write(LibraryContainer.sign(manifest,
                toml.getBytes(StandardCharsets.UTF_8), jar, TRUSTED)),
                "provider test.plugin.Gain is not declared");
    }

    @Test
    void shouldRefuseWithEnotsupWhenBuiltAgainstAnIncompatibleApi() {
        final Path f = TestPlugins.pack(dir, TestPlugins.jar(classes,
                TestPlugins.toml("2.0.0", "")), TRUSTED, "api.sofjlib");
        loadFails(-Errno.ENOTSUP, f, "built against sof-api 2.0.0", "this runtime has 1.0.0");
    }

    @Test
    void shouldRefuseWithEbusyWhenLoadedTwice() {
        final Path f = good();
        loader.load(1, f);
        final LibraryLoadException sameId = assertThrows(LibraryLoadException.class,
                () -> loader.load(1, f));
        assertEquals(-Errno.EBUSY, sameId.errno());
        final LibraryLoadException sameName = assertThrows(LibraryLoadException.class,
                () -> loader.load(2, f));
        assertEquals(-Errno.EBUSY, sameName.errno());
        assertTrue(sameName.getMessage().contains("already loaded as libId=1"));
        assertEquals(Set.of(1), loader.libIds());
    }

    @Test
    void shouldRefuseWithEinvalWhenTheFileIsTruncated() throws IOException {
        final byte[] all = Files.readAllBytes(good());
        final Path f = Files.write(dir.resolve("cut.sofjlib"),
                Arrays.copyOf(all, all.length / 2));
        loadFails(-Errno.EINVAL, f, "truncated");
    }

    @Test
    void shouldRefuseWithEinvalWhenTheFileIsNotAJar() throws IOException {
        final Path f = Files.writeString(dir.resolve("text.sofjlib"), "hello, not a zip\n");
        loadFails(-Errno.EINVAL, f, "not a sofj library");
    }

    @Test
    void shouldRefuseWithEinvalWhenTheZipHasOtherEntries() {
        final Path f = dir.resolve("zip.sofjlib");
        final byte[] zip = JarWriter.sorted(Map.of("a.txt", new byte[1]));
        assertThrows(LibraryLoadException.class, () -> {
            Files.write(f, zip);
            loader.load(1, f);
        });
        loadFails(-Errno.EINVAL, f, "must be exactly");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 16, -1})
    void shouldRefuseWithEinvalWhenTheLibIdIsOutOfRange(int libId) {
        final Path f = good();
        final LibraryLoadException e = assertThrows(LibraryLoadException.class,
                () -> loader.load(libId, f));
        assertEquals(-Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("libId=" + libId), e.getMessage());
        assertEquals(Set.of(), loader.libIds());
    }
}
