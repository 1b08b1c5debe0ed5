package org.sofj.llext;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sofj.api.Errno;
import org.sofj.api.LibraryLoadException;
import org.sofj.llext.internal.manifest.SourceManifest;
import org.sofj.llext.internal.manifest.SourceManifestParser;
import org.sofj.llext.internal.pack.ManifestBuilder;
import org.sofj.llext.internal.pack.ModuleHasher;
import org.sofj.llext.internal.pack.PluginJar;

final class BinaryManifestTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String GOLDEN_TOML = "name = \"gainlib\"\nversion = \"1.2.3.4\"\n"
            + "api_version = \"1.0.0\"\n[[module]]\nname = \"GAIN\"\n"
            + "uuid = \"61bca9a8-18d0-4a18-8e7b-2639219804b7\"\nprovider = \"a.P\"\n"
            + "affinity = 3\ninstance_max_count = 2\nuser_mode = 1\nibs = 384\nobs = 192\n"
            + "cps = 1000\nheap_bytes = 8192\nstack_bytes = 4096\n";

    private static PluginJar jar(String toml) {
        final Map<String, byte[]> entries = new TreeMap<>();
        entries.put("a/P.class", new byte[5000]);
        entries.put("module-info.class", new byte[100]);
        entries.put(SourceManifest.PATH, toml.getBytes(StandardCharsets.UTF_8));
        return new PluginJar(new TreeMap<>(entries), ModuleDescriptor.newModule("a").build());
    }

    private static BinaryManifest build(String toml) {
        final SourceManifest source = SourceManifestParser.parse(toml.getBytes(
                StandardCharsets.UTF_8));
        return ManifestBuilder.build(source, jar(toml));
    }

    @Test
    void shouldWriteGoldenBytesInSofLayoutWhenPackingOneModule() {
        final BinaryManifest m = build(GOLDEN_TOML);
        final byte[] b = m.toBytes();
        assertEquals(52 + 120 + 44, b.length);
        final String header = "24414d31" + "34000000" + "6761696e6c696200" + "03000000"
                + "00000000" + "00000000" + "0100" + "0200" + "0300" + "0400" + "01000000"
                + "00001000" + "00000000" + "00000000";
        assertEquals(header, HEX.formatHex(Arrays.copyOfRange(b, 0, 52)));
        final String entryBeforeHash = "24414d45" + "0000" + "0000" + "4741494e00000000"
                + "a8a9bc61" + "d018" + "184a" + "8e7b2639219804b7" + "22000200";
        assertEquals(entryBeforeHash, HEX.formatHex(Arrays.copyOfRange(b, 52, 52 + 36)));
        assertEquals(ModuleHasher.hash(jar(GOLDEN_TOML), m, 0),
                HEX.formatHex(Arrays.copyOfRange(b, 52 + 36, 52 + 68)));
        final String entryAfterHash = "00000000" + "0000" + "0100" + "03000000" + "0200" + "0100"
                + "1c000200" + "00000000" + "00000000"
                + "04010100" + "00200000" + "00200000"
                + "000f0000" + "00300000" + "00000000";
        assertEquals(entryAfterHash, HEX.formatHex(Arrays.copyOfRange(b, 52 + 68, 52 + 120)));
        final String config = "00200000" + "00100000" + "00000000" + "00000000" + "00000000"
                + "e8030000" + "80010000" + "c0000000" + "00000000" + "00000000" + "00000000";
        assertEquals(config, HEX.formatHex(Arrays.copyOfRange(b, 172, 216)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "user_mode = 0", "user_mode = 1\nload_type = \"llext_aux\"",
        "load_type = \"module\"\nis_pages = 7\naffinity = 4294967295\ninstance_max_count = 65535"})
    void shouldRoundTripEveryFieldWhenTomlGoesToBinaryAndBack(String extra) {
        final String toml = "name = \"lib\"\nversion = \"9.8.7\"\napi_version = \"1.0.3\"\n"
                + "[[module]]\nname = \"ABCDEFGH\"\nuuid = \"" + TestPlugins.GAIN_UUID + "\"\n"
                + "provider = \"a.P\"\nibs = 11\nobs = 22\ncps = 33\nheap_bytes = 44\n"
                + "stack_bytes = 55\n" + extra + "\n";
        final SourceManifest source = SourceManifestParser.parse(toml.getBytes(
                StandardCharsets.UTF_8));
        final BinaryManifest parsed = BinaryManifest.read(build(toml).toBytes());
        assertEquals(source.modules().get(0).description(), parsed.descriptions().get(0));
        assertEquals("lib", parsed.header().name());
        assertEquals("9.8.7.0", parsed.header().version());
        assertEquals(source.apiVersion(), parsed.header().apiVersion());
        assertArrayEquals(build(toml).toBytes(), parsed.toBytes());
    }

    @Test
    void shouldWriteKernelModeAndClearBit17WhenUserModeIsAbsent() {
        final BinaryManifest m = BinaryManifest.read(build(GOLDEN_TOML.replace("user_mode = 1\n",
                "")).toBytes());
        assertFalse(m.entries().get(0).userMode());
        assertFalse(m.descriptions().get(0).userMode());
        assertEquals(0, m.entries().get(0).type() & (1 << 17));
    }

    @Test
    void shouldSetBit17WhenUserModeIsOne() {
        final BinaryManifest m = BinaryManifest.read(build(GOLDEN_TOML).toBytes());
        assertTrue(m.descriptions().get(0).userMode());
        assertEquals(1 << 17, m.entries().get(0).type() & (1 << 17));
    }

    @Test
    void shouldRejectBadHeaderIdWhenReading() {
        final byte[] b = build(GOLDEN_TOML).toBytes();
        b[3] = '2';
        final LibraryLoadException e = assertThrows(LibraryLoadException.class,
                () -> BinaryManifest.read(b));
        assertEquals(-Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("header_id=\"$AM2\""), e.getMessage());
    }
}
