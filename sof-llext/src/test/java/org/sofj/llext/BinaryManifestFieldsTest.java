package org.sofj.llext;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sofj.llext.BinaryManifest.Config;
import org.sofj.llext.BinaryManifest.Entry;
import org.sofj.llext.BinaryManifest.Header;
import org.sofj.llext.BinaryManifest.Segment;

/**
 * The binary manifest through its public record API, with inputs the packer never makes: up to
 * {@link BinaryManifest#MAX_MODULES} entries, 8-character names with every printable character,
 * every {@code sof_man_module_type} bit, u16 fields at their limits and arbitrary segment words.
 * Each manifest is written, read back by an independent reader at the offsets of rimage's
 * {@code tools/rimage/src/include/rimage/sof/user/manifest.h} ({@link SofManifestReader}) and
 * by sofj's own reader; and a field that does not fit its C type is refused by the writer,
 * naming the field and the value, instead of being cut to fit.
 */
final class BinaryManifestFieldsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String PRINTABLE;

    static {
        final StringBuilder b = new StringBuilder();
        for (char c = 0x21; c <= 0x7E; c++) {
            b.append(c);
        }
        PRINTABLE = b.toString();
    }

    @Test
    void shouldReadBackEveryFieldOfRandomManifestsAtSofOffsets() {
        final Random r = new Random(0x5eed_2026L);
        for (int round = 0; round < 300; round++) {
            final int n = round < 4 ? BinaryManifest.MAX_MODULES : 1 + r.nextInt(
                    BinaryManifest.MAX_MODULES);
            final BinaryManifest m = randomManifest(r, n);
            final byte[] bytes = m.toBytes();
            assertEquals(52 + n * (116 + 44), bytes.length, "52 + n * (sizeof module + config)");
            final SofManifestReader.Desc d = SofManifestReader.read(bytes, 0, n);
            final Header h = m.header();
            assertEquals("$AM1", d.header().headerId());
            assertEquals(52, d.header().headerLen());
            assertEquals(h.name(), d.header().name());
            assertEquals(List.of(h.preloadPageCount(), h.fwImageFlags(), h.featureMask(),
                    h.majorVersion(), h.minorVersion(), h.hotfixVersion(), h.buildVersion(), n,
                    h.fwCompat(), h.hwBufLength(), h.loadOffset()), List.of(
                    d.header().preloadPageCount(), d.header().fwImageFlags(),
                    d.header().featureMask(), d.header().major(), d.header().minor(),
                    d.header().hotfix(), d.header().build(), d.header().numModuleEntries(),
                    d.header().fwCompat(), d.header().hwBufLength(), d.header().loadOffset()));
            for (int i = 0; i < n; i++) {
                final Entry e = m.entries().get(i);
                final SofManifestReader.Module got = d.modules().get(i);
                final String where = "round " + round + " module " + i;
                assertEquals("$AME", got.structId(), where);
                assertEquals(e.name(), got.name(), where);
                assertEquals(e.uuid().toString(), got.uuid(), where);
                assertEquals(e.type(), got.type(), where);
                assertArrayEquals(HEX.parseHex(e.hash()), got.hash(), where);
                assertEquals(List.of(e.entryPoint(), e.cfgOffset(), e.cfgCount(),
                        e.affinityMask(), e.instanceMaxCount(), e.instanceBssSize()),
                        List.of(got.entryPoint(), got.cfgOffset(), got.cfgCount(),
                                got.affinityMask(), got.instanceMaxCount(),
                                got.instanceBssSize()), where);
                for (int s = 0; s < 3; s++) {
                    final Segment want = e.segments().get(s);
                    final SofManifestReader.Segment seg = got.segments().get(s);
                    assertEquals(List.of(want.flags(), want.vBaseAddr(), want.fileOffset()),
                            List.of(seg.flags(), seg.vBaseAddr(), seg.fileOffset()), where);
                }
                final Config c = e.config();
                assertArrayEquals(new int[] {c.heapBytes(), c.stackBytes(), c.par2(), c.par3(),
                    c.isBytes(), c.cps(), c.ibs(), c.obs(), c.moduleFlags(), c.cpc(), c.obls()},
                        d.configs().get(e.cfgOffset()), where);
            }
            assertEquals(m, BinaryManifest.read(bytes), "round " + round);
        }
    }

    static Stream<Arguments> fieldsThatDoNotFit() {
        final Header h = header("lib");
        final Entry e = entry("MOD", 1);
        return Stream.of(
                Arguments.of("sof_man_fw_header.major_version", "majorVersion=65536",
                        new Header("lib", 0, 4, 2, 65536, 0, 0, 0, 0, 0, 0), e),
                Arguments.of("sof_man_fw_header.build_version", "buildVersion=-1",
                        new Header("lib", 0, 4, 2, 1, 0, 0, -1, 0, 0, 0), e),
                Arguments.of("sof_man_fw_header.name non-ASCII", "name=\"l\u00e4b\"",
                        header("l\u00e4b"), e),
                Arguments.of("sof_man_fw_header.name with a space", "name=\"my lib\"",
                        header("my lib"), e),
                Arguments.of("sof_man_module.instance_max_count", "instanceMaxCount=65536",
                        h, withCounts(e, 65536, 1)),
                Arguments.of("sof_man_module.instance_bss_size", "instanceBssSize=70000",
                        h, withCounts(e, 1, 70000)),
                Arguments.of("sof_man_module.instance_max_count negative",
                        "instanceMaxCount=-1", h, withCounts(e, -1, 1)),
                Arguments.of("sof_man_module.name non-ASCII", "name=\"G\u00c4IN\"", h,
                        renamed(e, "G\u00c4IN")),
                Arguments.of("sof_man_module.name with a control character",
                        "name=\"GA\tIN\"", h, renamed(e, "GA\tIN")),
                Arguments.of("sof_man_module.name nine characters", "name=\"ABCDEFGHI\"", h,
                        renamed(e, "ABCDEFGHI")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fieldsThatDoNotFit")
    void shouldRefuseToWriteAFieldThatDoesNotFitItsCType(String field, String named, Header h,
            Entry e) {
        final BinaryManifest m = new BinaryManifest(h, List.of(e));
        final IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                m::toBytes, field);
        assertTrue(x.getMessage().contains(named), field + ": " + x.getMessage());
    }

    @Test
    void shouldWriteEightCharacterNamesWithoutATerminatorAndReadThemBack() {
        final Entry e = renamed(entry("X", 1), "~!ZZ_9{}");
        final BinaryManifest m = new BinaryManifest(header("ABCDEFGH"), List.of(e));
        final byte[] b = m.toBytes();
        assertEquals('H', b[8 + 7], "header name fills all 8 bytes");
        assertEquals('}', b[52 + 4 + 7], "module name fills all 8 bytes");
        assertEquals(m, BinaryManifest.read(b));
    }

    private static BinaryManifest randomManifest(Random r, int n) {
        final Set<String> names = new LinkedHashSet<>();
        while (names.size() < n) {
            names.add(randomName(r));
        }
        final List<Entry> entries = new ArrayList<>();
        int i = 0;
        for (String name : names) {
            // every sof_man_module_type bit but load_type (a valid 0..3) and rsvd_ may be set
            final int type = r.nextInt(4) | (r.nextInt() & 0x000F_FFF0);
            final List<Segment> segs = List.of(
                    new Segment(r.nextInt(), r.nextInt(), r.nextInt()),
                    new Segment(r.nextInt(), r.nextInt(), r.nextInt()),
                    new Segment(r.nextInt(), r.nextInt(), r.nextInt()));
            final Config c = new Config(r.nextInt(16 << 20), r.nextInt(16 << 20), r.nextInt(9),
                    r.nextInt(9), r.nextInt(0x8000) * Config.PAGE_SIZE,
                    r.nextInt(Integer.MAX_VALUE), r.nextInt(Integer.MAX_VALUE),
                    r.nextInt(Integer.MAX_VALUE), r.nextInt(), r.nextInt(), r.nextInt());
            final byte[] hash = new byte[32];
            r.nextBytes(hash);
            entries.add(new Entry(name, new UUID(r.nextLong(), r.nextLong()), type,
                    HEX.formatHex(hash), r.nextInt(), i, 1, r.nextInt() | 1,
                    1 + r.nextInt(0xFFFF), r.nextInt(0x1_0000), segs, c));
            i++;
        }
        return new BinaryManifest(new Header(randomName(r), r.nextInt(), r.nextInt(),
                r.nextInt(), r.nextInt(0x1_0000), r.nextInt(0x1_0000), r.nextInt(0x1_0000),
                r.nextInt(0x1_0000), r.nextInt(), r.nextInt(), r.nextInt()), entries);
    }

    private static String randomName(Random r) {
        final int len = 1 + r.nextInt(8);
        final StringBuilder b = new StringBuilder(len);
        for (int k = 0; k < len; k++) {
            b.append(PRINTABLE.charAt(r.nextInt(PRINTABLE.length())));
        }
        return b.toString();
    }

    private static Header header(String name) {
        return new Header(name, 10, 4, 2, 1, 2, 3, 4, 0x0001_0000, 0, 0x40000);
    }

    private static Entry entry(String name, int index) {
        final List<Segment> segs = List.of(new Segment(0x1001F, 0, 0x8000),
                new Segment(0x125, 0, 0x9000), new Segment(0x202, 0, 0));
        return new Entry(name, UUID.nameUUIDFromBytes(name.getBytes(
                java.nio.charset.StandardCharsets.UTF_8)), 2 | 1 << 17, "00".repeat(32), 0,
                index - 1, 1, 1, 1, 1, segs, new Config(0, 0, 0, 0, 0, 1000, 384, 384, 0, 0, 0));
    }

    private static Entry withCounts(Entry e, int instanceMaxCount, int instanceBssSize) {
        return new Entry(e.name(), e.uuid(), e.type(), e.hash(), e.entryPoint(), e.cfgOffset(),
                e.cfgCount(), e.affinityMask(), instanceMaxCount, instanceBssSize, e.segments(),
                e.config());
    }

    private static Entry renamed(Entry e, String name) {
        return new Entry(name, e.uuid(), e.type(), e.hash(), e.entryPoint(), e.cfgOffset(),
                e.cfgCount(), e.affinityMask(), e.instanceMaxCount(), e.instanceBssSize(),
                e.segments(), e.config());
    }
}
