package org.sofj.llext;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.sofj.api.LibraryLoadException;
import org.sofj.llext.BinaryManifest.Config;
import org.sofj.llext.BinaryManifest.Entry;
import org.sofj.llext.BinaryManifest.Header;
import org.sofj.llext.BinaryManifest.Segment;

/**
 * A manifest whose entries do not identify their modules: SOF registers each module's driver by
 * its UUID (lib_manager_register_module) and sofj looks module types up by name, so two entries
 * with the same UUID, or the same name, leave one of them unreachable. Written with the codec
 * (rimage's offsets), then read: refused naming the field, the value and both entries.
 */
final class ManifestIdentityTest {
    private static Header header() {
        return new Header("lib", 10, 4, 2, 1, 2, 3, 4, 0x0001_0000, 0, 0x40000);
    }

    private static Entry entry(String name, UUID uuid, int index) {
        final List<Segment> segs = List.of(new Segment(0x1001F, 0, 0x8000),
                new Segment(0x125, 0, 0x9000), new Segment(0x202, 0, 0));
        return new Entry(name, uuid, 2 | 1 << 17, "00".repeat(32), 0, index, 1, 1, 1, 1, segs,
                new Config(0, 0, 0, 0, 0, 1000, 384, 384, 0, 0, 0));
    }

    private static UUID uuid(String s) {
        return UUID.nameUUIDFromBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldRefuseTwoEntriesWithTheSameUuid() {
        final UUID same = uuid("x");
        final byte[] b = new BinaryManifest(header(), List.of(entry("GAIN", same, 0),
                entry("EQ", same, 1))).toBytes();
        final LibraryLoadException e = assertThrows(LibraryLoadException.class,
                () -> BinaryManifest.read(b));
        assertTrue(e.getMessage().contains("uuid") && e.getMessage().contains(same.toString())
                && e.getMessage().contains("sof_man_module[1]"), e.getMessage());
    }

    @Test
    void shouldRefuseTwoEntriesWithTheSameName() {
        final byte[] b = new BinaryManifest(header(), List.of(entry("GAIN", uuid("a"), 0),
                entry("GAIN", uuid("b"), 1))).toBytes();
        final LibraryLoadException e = assertThrows(LibraryLoadException.class,
                () -> BinaryManifest.read(b));
        assertTrue(e.getMessage().contains("name") && e.getMessage().contains("GAIN")
                && e.getMessage().contains("sof_man_module[1]"), e.getMessage());
    }

    @Test
    void shouldRefuseANameWithBytesAfterItsTerminator() {
        final byte[] b = new BinaryManifest(header(), List.of(entry("GA", uuid("a"), 0)))
                .toBytes();
        b[52 + 4 + 3] = 'X'; // "GA\0X": rimage's strncpy pads with NUL to the end
        final LibraryLoadException e = assertThrows(LibraryLoadException.class,
                () -> BinaryManifest.read(b));
        assertTrue(e.getMessage().contains("sof_man_module[0].name"), e.getMessage());
    }

    /**
     * Every load_type rimage cannot write (4..15) is refused naming the entry and the value;
     * sof_man_module_type's reserved bits 20..31 are read and ignored, as SOF's loader does.
     */
    @Test
    void shouldNameTheEntryOfALoadTypeThatIsNotOneAndIgnoreTheReservedTypeBits() {
        for (int loadType = 4; loadType < 16; loadType++) {
            final byte[] b = new BinaryManifest(header(), List.of(entry("A", uuid("a"), 0),
                    entry("B", uuid("b"), 1))).toBytes();
            java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .putInt(52 + 116 + 28, loadType | 1 << 17);
            final LibraryLoadException e = assertThrows(LibraryLoadException.class,
                    () -> BinaryManifest.read(b));
            assertTrue(e.getMessage().contains("sof_man_module[1] (B)")
                    && e.getMessage().contains("load_type=" + loadType), e.getMessage());
        }
        final byte[] b = new BinaryManifest(header(), List.of(entry("A", uuid("a"), 0)))
                .toBytes();
        java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putInt(52 + 28, 0xFFF0_0000 | 2 | 1 << 17);
        assertTrue(BinaryManifest.read(b).entries().get(0).userMode());
    }
}
