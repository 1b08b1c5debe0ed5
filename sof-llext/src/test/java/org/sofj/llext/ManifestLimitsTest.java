package org.sofj.llext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sofj.api.Errno;
import org.sofj.api.LibraryLoadException;
import org.sofj.llext.internal.manifest.FwHeaderDescriptor;
import org.sofj.llext.internal.manifest.ModuleEntryDescriptor;

/**
 * Every count, length and offset the manifest readers take from a file, at its limit and past it
 * (values read as unsigned 32-bit, so 0xFFFFFFFF is a huge count, never -1): each is checked in
 * 64 bits or against a bound before it is multiplied, and a value past the limit is a
 * {@link LibraryLoadException} ({@code -EINVAL}) naming the field and the value. {@link SofImage}
 * rows patch the real {@code drc.llext} from sof-bin (57,452 bytes: {@code $AE1} header of 108
 * bytes, {@code $CPD} at 108, the manifest at 108 + 0x2000); {@link BinaryManifest} rows patch a
 * sofj manifest. Offsets follow rimage's {@code manifest.h} and {@code cse.h}.
 */
final class ManifestLimitsTest {
    private static final int CPD = 108;
    private static final int MANIFEST = CPD + 0x2000;
    private static final int MODULE0 = MANIFEST + FwHeaderDescriptor.LENGTH;

    private static byte[] drc() throws Exception {
        return Files.readAllBytes(RealImages.path("drc.llext"));
    }

    private static void putU32(byte[] b, int at, long value) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, (int) value);
    }

    private static void putU16(byte[] b, int at, int value) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(at, (short) value);
    }

    /**
     * Rows: the field, its offset in drc.llext, a value, and what follows: "ok" (the image reads),
     * or a fragment of the refusal. At the limit a count is accepted and the next check (the file
     * holds what the count promises, or the next struct's id) decides.
     */
    @ParameterizedTest(name = "{0} = {2}")
    @CsvSource(delimiter = '|', value = {
        // sof_man_ext_header.len: 16 .. file length - 1 (the directory follows it)
        "$AE1 len         | 4   | 57451      | $CPD header at offset 0xe06b needs 16 bytes",
        "$AE1 len         | 4   | 57452      | $AE1 header len=57452 must be in [16, 57452)",
        "$AE1 len         | 4   | 4294967295 | $AE1 header len=4294967295 must be in [16, 57452)",
        // CsePartitionDirHeader.nb_entries: at most 64 entries of 24 bytes
        "$CPD nb_entries  | 112 | 64         | ok",
        "$CPD nb_entries  | 112 | 65         | $CPD nb_entries=65 header_length=20",
        "$CPD nb_entries  | 112 | 4294967295 | $CPD nb_entries=4294967295 header_length=20",
        // sof_man_fw_header.num_module_entries: at most 256 entries of 116 bytes
        "num_module_entries | 8336 | 256        | sof_man_module[1].struct_id",
        "num_module_entries | 8336 | 257        | num_module_entries=257 must be in [0, 256]",
        "num_module_entries | 8336 | 4294967295 | num_module_entries=4294967295 must be in [0, 256]",
    })
    void shouldBoundEveryCountAndLengthOfARealImage(String field, int at, long value,
            String expected) throws Exception {
        final byte[] b = drc();
        putU32(b, at, value);
        if (expected.equals("ok")) {
            assertEquals("DRC", SofImage.read(b).modules().get(0).name());
            return;
        }
        final LibraryLoadException e = assertThrows(LibraryLoadException.class,
                () -> SofImage.read(b), field);
        assertEquals(-Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    /**
     * {@code sof_man_module.cfg_offset} and {@code cfg_count} are u16: their largest sum, 131070
     * records of 44 bytes, is 5,767,080 bytes, computed without overflow and refused as past the
     * end of the file; the file's own values read.
     */
    @ParameterizedTest(name = "cfg_offset {0} + cfg_count {1}")
    @CsvSource({
        "0,     1,     ok",
        "65535, 65535, 131070 sof_man_mod_config records at offset 0x2114 needs 5767080 bytes",
    })
    void shouldBoundTheConfigRecordsAModuleNames(int offset, int count, String expected)
            throws Exception {
        final byte[] b = drc();
        putU16(b, MODULE0 + ModuleEntryDescriptor.CFG_OFFSET_OFFSET, offset);
        putU16(b, MODULE0 + ModuleEntryDescriptor.CFG_COUNT_OFFSET, count);
        if (expected.equals("ok")) {
            assertEquals(1, SofImage.read(b).configs().size());
            return;
        }
        final LibraryLoadException e = assertThrows(LibraryLoadException.class,
                () -> SofImage.read(b));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    /**
     * sofj's own manifest ({@code ManifestCodec}): {@code num_module_entries} is 1 ..
     * {@link BinaryManifest#MAX_MODULES} and the length must be {@code 52 + 160 n}; a count past
     * the limit is refused before {@code 52 + 160 n} is computed.
     */
    @ParameterizedTest(name = "num_module_entries {0}")
    @CsvSource({
        "32",
        "33",
        "4294967295",
        "134217729", // 52 + 160 * 134217729 wraps to 212 in 32 bits: the 1-entry length
    })
    void shouldRefuseASofjManifestCountPastTheLimit(long count) {
        final byte[] b = BinaryManifestTest.build(BinaryManifestTest.GOLDEN_TOML).toBytes();
        assertEquals(212, b.length);
        putU32(b, FwHeaderDescriptor.NUM_MODULE_ENTRIES_OFFSET, count);
        final LibraryLoadException e = assertThrows(LibraryLoadException.class,
                () -> BinaryManifest.read(b));
        assertEquals(-Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("num_module_entries=" + count), e.getMessage());
    }
}
