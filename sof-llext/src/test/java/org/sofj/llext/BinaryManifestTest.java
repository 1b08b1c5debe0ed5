package org.sofj.llext;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sofj.api.Errno;
import org.sofj.api.LibraryLoadException;
import org.sofj.api.ModuleDescription;
import org.sofj.llext.internal.manifest.SourceManifest;
import org.sofj.llext.internal.manifest.SourceManifestParser;
import org.sofj.llext.internal.pack.ManifestBuilder;
import org.sofj.llext.internal.pack.PluginJar;

final class BinaryManifestTest {
    private static final HexFormat HEX = HexFormat.of();
    static final String GOLDEN_TOML = "name = \"gainlib\"\nversion = \"1.2.3.4\"\n"
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

    static BinaryManifest build(String toml) {
        final SourceManifest source = SourceManifestParser.parse(toml.getBytes(
                StandardCharsets.UTF_8));
        return ManifestBuilder.build(source, jar(toml));
    }

    /*
     * Every expected byte below is written from rimage's tools/rimage/src/include/rimage/sof/user/
     * manifest.h (thesofproject/sof main), packed, little-endian; the comment on each group names
     * the struct and field.
     */
    @Test
    void shouldWriteGoldenBytesInSofLayoutWhenPackingOneModule() {
        final BinaryManifest m = build(GOLDEN_TOML);
        final byte[] b = m.toBytes();
        // sizeof(sof_man_fw_header) 52 + sizeof(sof_man_module) 116 + sizeof(sof_man_mod_config) 44
        assertEquals(52 + 116 + 44, b.length);
        final String header = "24414d31" // sof_man_fw_header.header_id = SOF_MAN_FW_HDR_ID "$AM1"
                + "34000000"               // .header_len = sizeof(struct sof_man_fw_header) = 52
                + "6761696e6c696200"       // .name[8] = "gainlib" (sofj: the library name)
                + "0b000000"               // .preload_page_count = 8 header + 2 text + 1 rodata
                + "04000000"               // .fw_image_flags: image_type (bits 1-2) = IMG_TYPE_LIB 2
                + "02000000"               // .feature_mask = 0x2 (man_write_fw_ace_v1_5)
                + "0100" + "0200" + "0300" + "0400" // .major/minor/hotfix/build_version (u16)
                + "01000000"               // .num_module_entries
                + "00001000"               // .fw_compat = api 1.0.0 = 1 << 20 (rimage: 0x100000)
                + "00000000"               // .hw_buf_length
                + "00000400";              // .load_offset = 0x40000 (platform-mtl.toml)
        assertEquals(header, HEX.formatHex(Arrays.copyOfRange(b, 0, 52)));
        final String entryBeforeHash = "24414d45" // sof_man_module union{struct_id "$AME"}
                + "4741494e00000000"       // .name[8] = "GAIN"
                + "a8a9bc61" + "d018" + "184a" // .uuid.a (u32), .b (u16), .c (u16), LE
                + "8e7b2639219804b7"       // .uuid.d[8], byte for byte
                + "22000200";              // .type: load_type 2 (LLEXT) | domain_ll bit 5 | user_mode bit 17
        assertEquals(entryBeforeHash, HEX.formatHex(Arrays.copyOfRange(b, 52, 52 + 32)));
        // .hash[32] (offset 32): SHA-256 of text + rodata pages, as man_hash_modules
        assertEquals(expectedHash(), HEX.formatHex(Arrays.copyOfRange(b, 52 + 32, 52 + 64)));
        final String entryAfterHash = "00000000" // .entry_point
                + "0000" + "0100"          // .cfg_offset, .cfg_count (u16)
                + "03000000"               // .affinity_mask
                + "0200" + "0100"          // .instance_max_count, .instance_bss_size = 1 (rimage)
                // .segment[0] TEXT: flags contents|alloc|load|readonly|code, type 0, length 2
                + "1f000200" + "00000000" + "00800000" // v_base_addr 0, file_offset 0x8000
                // .segment[1] RODATA: flags contents|alloc|load|data, type 1, length 1
                + "27010100" + "00000000" + "00a00000" // file_offset 0x8000 + 2 pages
                // .segment[2] BSS: flags alloc, type 2, length 0 (is_pages = 0)
                + "02020000" + "00000000" + "00000000";
        assertEquals(entryAfterHash, HEX.formatHex(Arrays.copyOfRange(b, 52 + 64, 52 + 116)));
        final String config = "00200000" // sof_man_mod_config.par[0] = heap_bytes 8192 (sofj)
                + "00100000"               // .par[1] = stack_bytes 4096 (sofj)
                + "00000000" + "00000000"  // .par[2], .par[3]
                + "00000000"               // .is_pages (bytes, SOF's IS_BYTES) = 0
                + "e8030000" + "80010000" + "c0000000" // .cps 1000, .ibs 384, .obs 192
                + "00000000" + "00000000" + "00000000"; // .module_flags, .cpc, .obls
        assertEquals(config, HEX.formatHex(Arrays.copyOfRange(b, 168, 212)));
    }

    /** SHA-256 of the image from TEXT file_offset: 5000 class bytes padded to 2 pages, then, by
     *  name ("META-INF/..." sorts before "module-info.class"), the TOML and the 100-byte
     *  module-info padded to 1 page. */
    private static String expectedHash() {
        final byte[] image = new byte[3 * 4096];
        final byte[] toml = GOLDEN_TOML.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(toml, 0, image, 2 * 4096, toml.length);
        try {
            return HEX.formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(image));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void shouldBeReadAtSofOffsetsByAnIndependentReaderForEveryEntry() {
        final String toml = GOLDEN_TOML + "[[module]]\nname = \"EQIIR\"\n"
                + "uuid = \"5150c0e6-27f9-4ec8-8351-c705b642d12f\"\nprovider = \"a.P\"\n"
                + "affinity = 1\ninstance_max_count = 40\nis_pages = 3\nibs = 128\nobs = 64\n"
                + "cps = 1000000\n";
        final SourceManifest source = SourceManifestParser.parse(toml.getBytes(
                StandardCharsets.UTF_8));
        final SofManifestReader.Desc d = SofManifestReader.read(build(toml).toBytes(), 0, 2);
        assertEquals("$AM1", d.header().headerId());
        assertEquals("gainlib", d.header().name());
        assertEquals(2, d.header().numModuleEntries());
        assertEquals(2, d.modules().size());
        for (int i = 0; i < 2; i++) {
            final var want = source.modules().get(i).description();
            final SofManifestReader.Module got = d.modules().get(i);
            assertEquals("$AME", got.structId());
            assertEquals(want.name(), got.name());
            assertEquals(want.uuid().toString(), got.uuid());
            assertEquals(want.userMode() ? 1 : 0, got.type() >>> 17 & 1, "user_mode bit 17");
            assertEquals(2, got.type() & 0xF, "load_type");
            assertEquals(want.affinityMask(), got.affinityMask());
            assertEquals(want.instanceMaxCount(), got.instanceMaxCount());
            assertEquals(i, got.cfgOffset());
            assertEquals(1, got.cfgCount());
            assertEquals(want.isPages(), got.segments().get(2).flags() >>> 16, "BSS pages");
            final int[] cfg = d.configs().get(got.cfgOffset());
            assertEquals(want.isPages() * 4096, cfg[4], "is_pages holds bytes");
            assertEquals(want.cps(), cfg[5]);
            assertEquals(want.ibs(), cfg[6]);
            assertEquals(want.obs(), cfg[7]);
        }
        assertEquals(0, d.modules().get(1).type() >>> 17 & 1, "absent user_mode is kernel");
        assertArrayEquals(d.modules().get(0).hash(), d.modules().get(1).hash(),
                "one jar, one hash (man_hash_modules copies it to every module of a file)");
    }

    @Test
    void shouldWriteTheHeaderWordsAndSegmentFlagBitsRimageWroteForARealLlextLibrary()
            throws Exception {
        final byte[] real = Files.readAllBytes(RealImages.path("drc.llext"));
        // Linux ipc4-loader.c: the header is at ext_man_hdr->len + manifest_fw_hdr_offset (0x2000)
        final int extLen = ByteBuffer.wrap(real).order(ByteOrder.LITTLE_ENDIAN).getInt(4);
        final SofManifestReader.Desc drc = SofManifestReader.read(real, extLen + 0x2000, 1);
        assertEquals("DRC", drc.modules().get(0).name());
        assertEquals("b36ee4da-006f-47f9-a06d-fecbe2d8b6ce", drc.modules().get(0).uuid(),
                "uuid-registry.txt: drc");
        final SofManifestReader.Desc ours = SofManifestReader.read(build(GOLDEN_TOML).toBytes(),
                0, 1);
        assertEquals(drc.header().fwImageFlags(), ours.header().fwImageFlags());
        assertEquals(drc.header().featureMask(), ours.header().featureMask());
        assertEquals(drc.header().fwCompat(), ours.header().fwCompat());
        assertEquals(drc.header().loadOffset(), ours.header().loadOffset());
        assertEquals(drc.header().headerLen(), ours.header().headerLen());
        final SofManifestReader.Module r = drc.modules().get(0);
        final SofManifestReader.Module o = ours.modules().get(0);
        assertEquals(r.instanceBssSize(), o.instanceBssSize());
        assertEquals(r.type() & 0x3F, o.type() & 0x3F, "load_type llext, domain_ll");
        assertEquals(r.segments().get(0).fileOffset(), o.segments().get(0).fileOffset(),
                "first module text at FILE_TEXT_OFFSET_V1_8 from the image base");
        for (int s = 0; s < 3; s++) {
            assertEquals(r.segments().get(s).flags() & 0xFFFF, o.segments().get(s).flags() & 0xFFFF,
                    "segment " + s + " flag bits");
            assertEquals(r.segments().get(s).vBaseAddr(), o.segments().get(s).vBaseAddr());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "user_mode = 0", "user_mode = 1\nload_type = \"llext_aux\"",
        "load_type = \"module\"\nis_pages = 7\naffinity = 4294967295\ninstance_max_count = 65535",
        "input_pins = 8\noutput_pins = 1"})
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
    void shouldWriteTheDeclaredPinsInParTwoAndThree() {
        final byte[] b = build(GOLDEN_TOML.replace("stack_bytes = 4096\n",
                "stack_bytes = 4096\ninput_pins = 3\noutput_pins = 2\n")).toBytes();
        // sof_man_mod_config at 168: par[2] = input_pins 3, par[3] = output_pins 2 (sofj)
        assertEquals("03000000" + "02000000", HEX.formatHex(Arrays.copyOfRange(b, 176, 184)));
        final ModuleDescription d = BinaryManifest.read(b).descriptions().get(0);
        assertEquals(3, d.inputPins());
        assertEquals(2, d.outputPins());
        b[176] = 9; // par[2]: nine input pins, past IPC4's eight queue ids
        final LibraryLoadException e = assertThrows(LibraryLoadException.class,
                () -> BinaryManifest.read(b));
        assertEquals(-Errno.EINVAL, e.errno());
        assertEquals("manifest.bin: sof_man_module[0] (GAIN): module=GAIN inputPins=9 must be in [0, 8] "
                + "(0 = undeclared) (-EINVAL)", e.getMessage());
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
