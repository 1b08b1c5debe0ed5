package org.sofj.llext.internal.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.sofj.api.Errno;
import org.sofj.api.LibraryLoadException;
import org.sofj.api.spi.HeapRegion;
import org.sofj.api.spi.MemorySystem;
import org.sofj.llext.LibraryKeys;
import org.sofj.llext.TestMemory;
import org.sofj.llext.TestPlugins;
import org.sofj.llext.internal.manifest.SourceManifestParser;
import org.sofj.llext.internal.pack.LibraryContainer;
import org.sofj.llext.internal.pack.ManifestBuilder;
import org.sofj.llext.internal.pack.PluginJar;

/**
 * Libraries signed by a trusted key but malformed inside: each load fails with a
 * {@link LibraryLoadException} naming the entry and the cause, and the loader and the library heap
 * are as they were.
 */
final class SignedMalformedTest {
    private static final KeyPair TRUSTED = LibraryKeys.generate();
    private static final MemorySystem MEMORY = TestMemory.create();
    private static final String TOML = TestPlugins.toml("1.0.0", "");
    private static final String GAIN = "test/plugin/Gain.class";
    private static Map<String, byte[]> classes;

    @TempDir
    Path dir;

    private final LlextLibraryLoader loader = new LlextLibraryLoader(MEMORY,
            Set.of(TRUSTED.getPublic()));

    @BeforeAll
    static void compile(@TempDir Path work) {
        classes = TestPlugins.compile(work, TestPlugins.sources("A"));
    }

    @AfterAll
    static void closeMemory() {
        MEMORY.close();
    }

    /** Signs {@code jar} with a manifest built from {@code manifestJar}, as a packer would. */
    private Path signed(byte[] jar, byte[] manifestJar) {
        final byte[] toml = TOML.getBytes(StandardCharsets.UTF_8);
        final byte[] manifest = ManifestBuilder.build(SourceManifestParser.parse(toml),
                PluginJar.read(manifestJar)).toBytes();
        final Path f = dir.resolve("signed.sofjlib");
        LibraryContainer.sign(manifest, toml, jar, TRUSTED).write(f);
        return f;
    }

    private Path signed(Map<String, byte[]> entries) {
        final byte[] jar = TestPlugins.jar(entries, TOML);
        return signed(jar, jar);
    }

    private LibraryLoadException refused(Path file, int errno, String... phrases) {
        final long free = MEMORY.heap(HeapRegion.LIBRARY).stats().freeBytes();
        final LibraryLoadException e = assertThrows(LibraryLoadException.class,
                () -> loader.load(1, file));
        assertEquals(errno, e.errno(), e.getMessage());
        for (String p : phrases) {
            assertTrue(e.getMessage().contains(p), e.getMessage());
        }
        assertEquals(Set.of(), loader.libIds());
        assertEquals(free, MEMORY.heap(HeapRegion.LIBRARY).stats().freeBytes());
        assertEquals(0, loader.linkedCount(), "nothing was linked");
        return e;
    }

    private static Map<String, byte[]> with(String name, byte[] bytes) {
        final Map<String, byte[]> m = new TreeMap<>(classes);
        m.put(name, bytes);
        return m;
    }

    @Test
    void shouldNameTheEntryWhenAnEntryNameIsNotUtf8() {
        final byte[] good = TestPlugins.jar(with("test/plugin/Zz.class", classes.get(GAIN)), TOML);
        final byte[] bad = good.clone();
        // the name appears twice (local header, central directory): make both invalid UTF-8
        final byte[] name = "test/plugin/Zz.class".getBytes(StandardCharsets.US_ASCII);
        int replaced = 0;
        for (int i = 0; i + name.length <= bad.length; i++) {
            if (java.util.Arrays.equals(bad, i, i + name.length, name, 0, name.length)) {
                bad[i + 12] = (byte) 0xFF;
                replaced++;
            }
        }
        assertEquals(2, replaced);
        refused(signed(bad, TestPlugins.jar(classes, TOML)), -Errno.EINVAL, "plugin jar",
                "entry name", "UTF-8");
    }

    @Test
    void shouldNameTheClassWhenItHasABadConstantPoolIndex() {
        final byte[] gain = classes.get(GAIN).clone();
        final int superIndex = new ClassReader(gain).header + 4; // access, this_class, super_class
        gain[superIndex] = (byte) 0x7F;
        gain[superIndex + 1] = (byte) 0xFF;
        refused(signed(with(GAIN, gain)), -Errno.ENOEXEC, GAIN, "malformed class");
    }

    @Test
    void shouldShowAClassEntryNameHoldingControlCharactersWithoutBreakingItsLine() {
        final byte[] gain = classes.get(GAIN).clone();
        final int superIndex = new ClassReader(gain).header + 4;
        gain[superIndex] = (byte) 0x7F;
        gain[superIndex + 1] = (byte) 0xFF;
        // the link check refuses it as a class file under another name, one reference a line
        final LibraryLoadException e = refused(signed(with("test/plugin/B\u001b[2J\nad.class",
                gain)), -Errno.ENOEXEC, "entry test/plugin/B\\x1b[2J\\x0aad.class holds");
        assertEquals(2, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().chars().noneMatch(c -> c < 0x20 && c != '\n' || c == 0x7F),
                e.getMessage());
    }

    @Test
    void shouldNameModuleInfoWhenAUtf8ConstantIsMalformed() {
        final byte[] info = classes.get("module-info.class").clone();
        final byte[] utf = "module-info".getBytes(StandardCharsets.US_ASCII);
        int at = -1;
        for (int i = 0; i + utf.length <= info.length && at < 0; i++) {
            if (java.util.Arrays.equals(info, i, i + utf.length, utf, 0, utf.length)) {
                at = i;
            }
        }
        assertTrue(at > 0);
        info[at] = (byte) 0xFF;
        final byte[] jar = TestPlugins.jar(with("module-info.class", info), TOML);
        refused(signed(jar, TestPlugins.jar(classes, TOML)), -Errno.EINVAL, "module-info.class");
    }

    /** @return Gain as ACC_INTERFACE without ACC_ABSTRACT: ASM reads it, the JVM refuses it */
    private static byte[] gainTheJvmRefuses() {
        final byte[] gain = classes.get(GAIN).clone();
        final int access = new ClassReader(gain).header;
        gain[access] = 0x02;
        gain[access + 1] = 0x00;
        return gain;
    }

    @Test
    void shouldNameTheClassWhenTheJvmRefusesToDefineIt() {
        refused(signed(with(GAIN, gainTheJvmRefuses())), -Errno.ENOEXEC, GAIN, "ClassFormatError");
    }

    @Test
    void shouldRefuseAClassTheJvmRefusesOnEveryLoadWhenItsChecksPassed() {
        final Path file = signed(with(GAIN, gainTheJvmRefuses()));
        for (int i = 0; i < 2; i++) {
            refused(file, -Errno.ENOEXEC, GAIN, "ClassFormatError");
        }
        assertEquals(0, loader.verifiedHits(), "content whose classes failed is not remembered,"
                + " so a re-load, which defines lazily, cannot take it as good");
    }

    @Test
    void shouldRefuseAClassNestedTooDeeplyForTheCheckersStackAndLeaveTheLoaderAsItWas() {
        // a StackOverflowError on the loading thread once escaped the link check
        refused(signed(with("test/plugin/Deep.class", org.sofj.llext.TestClasses
                .deeplyAnnotated("test/plugin/Deep", 100_000))), -Errno.ENOEXEC,
                "test/plugin/Deep.class", "nested too deeply to read");
    }

    @Test
    void shouldRefuseACircularSuperclassChainAndLeaveTheLoaderAsItWas() {
        final Map<String, byte[]> entries = with("test/plugin/CycA.class",
                org.sofj.llext.TestClasses.withSuper("test/plugin/CycA", "test/plugin/CycB"));
        entries.put("test/plugin/CycB.class",
                org.sofj.llext.TestClasses.withSuper("test/plugin/CycB", "test/plugin/CycA"));
        // the load once never returned: it resolved CycA.missing() along CycA, CycB, CycA, ...
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(60), () -> refused(signed(entries), -Errno.ENOEXEC,
                        "test/plugin/CycA.class", "superclass chain is circular"),
                "a hang guard, not a timing");
    }

    @Test
    void shouldLoadTheSameLibraryUnchangedAfterTheFailures() {
        shouldNameTheClassWhenTheJvmRefusesToDefineIt();
        assertEquals("gainlib", loader.load(1, signed(classes)).name());
    }
}
