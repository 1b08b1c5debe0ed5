package org.sofj.llext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sofj.api.Errno;
import org.sofj.api.LibraryLoadException;

/** Reads real images from thesofproject/sof-bin v2025.05.1 (src/test/resources/sof-bin). */
final class SofImageTest {

    private static SofImage read(String name) throws Exception {
        return SofImage.read(Files.readAllBytes(RealImages.path(name)));
    }

    @Test
    void shouldReadTheExtendedHeaderDirectoryAndManifestOfARealLlextLibrary() throws Exception {
        final SofImage img = read("drc.llext");
        assertEquals(108, img.extHeader().length());
        assertEquals(1, img.extHeader().moduleEntries());
        assertEquals(108, img.cpd().offset());
        assertEquals("ADSP", img.cpd().partitionName());
        assertEquals(List.of("ADSP.man", "ADSP.met", "ADSP"),
                img.cpd().entries().stream().map(SofImage.CpdEntry::name).toList());
        assertEquals(108 + 0x2000, img.manifestOffset());
        assertEquals("ADSPFW", img.header().name());
        assertEquals("2.13.0.1", img.header().version());
        assertEquals(4, img.header().fwImageFlags(), "image_type 2 = library");
        assertEquals(14, img.header().preloadPageCount());
        final SofImage.Module drc = img.modules().get(0);
        assertEquals("DRC", drc.name());
        assertEquals(UUID.fromString("b36ee4da-006f-47f9-a06d-fecbe2d8b6ce"), drc.uuid());
        assertEquals("llext", drc.loadTypeName());
        assertTrue(drc.domainLl());
        assertFalse(drc.domainDp());
        assertFalse(drc.userMode());
        assertEquals(1, drc.affinityMask());
        assertEquals(40, drc.instanceMaxCount());
        assertEquals(1, drc.instanceBssSize());
        assertEquals(0x1cc, drc.entryPoint());
        assertEquals(0x8000, drc.segments().get(0).fileOffset());
        assertEquals(List.of(0x1f, 0x10127, 0x202),
                drc.segments().stream().map(BinaryManifest.Segment::flags).toList());
        assertEquals(1, img.configs().size());
        final BinaryManifest.Config c = img.configs().get(0);
        assertEquals(4096, c.isBytes());
        assertEquals(1_000_000, c.cps());
        assertEquals(128, c.ibs());
        assertEquals(128, c.obs());
    }

    @Test
    void shouldAcceptLlextAuxModulesWithZeroAffinityAndMultiConfigModules() throws Exception {
        final SofImage img = read("sof-ptl-openmodules.ri.head");
        assertEquals(20, img.modules().size());
        final SofImage.Module iir = img.modules().get(0);
        assertEquals("IIR", iir.name());
        assertEquals("llext_aux", iir.loadTypeName());
        assertEquals(0, iir.affinityMask());
        assertEquals(0, iir.cfgCount());
        assertFalse(iir.domainLl());
        final SofImage.Module src = img.modules().stream().filter(m -> m.name().equals("SRC"))
                .findFirst().orElseThrow();
        assertEquals(23, src.cfgCount());
        assertEquals(55, src.cfgOffset());
        final SofImage.Module aria = img.modules().get(2);
        assertEquals(1, aria.initConfig(), "SOF_MAN_MOD_INIT_CONFIG_BASE_CFG_WITH_EXT");
        assertEquals(117, img.configs().size(), "last module SMATEST: cfg_offset 116 + 1");
    }

    @Test
    void shouldReadBuiltinModulesOfAFirmwareImage() throws Exception {
        final SofImage img = read("sof-mtl.ri.head");
        assertEquals(29, img.modules().size());
        assertEquals(2, img.header().fwImageFlags(), "image_type 1 = main firmware");
        assertEquals("BRNGUP", img.modules().get(0).name());
        assertEquals("module", img.modules().get(0).loadTypeName());
        final SofImage.Module copier = img.modules().get(3);
        assertEquals("builtin", copier.loadTypeName());
        final SofImage.Module aec = img.modules().stream()
                .filter(m -> m.name().equals("RTC_AEC")).findFirst().orElseThrow();
        assertTrue(aec.domainDp());
        assertFalse(aec.domainLl());
    }

    @Test
    void shouldReadAnImageWithoutExtendedHeaderFromItsDirectory() throws Exception {
        final byte[] full = Files.readAllBytes(RealImages.path("drc.llext"));
        final SofImage img = SofImage.read(Arrays.copyOfRange(full, 108, full.length));
        assertNull(img.extHeader());
        assertEquals(0x2000, img.manifestOffset());
        assertEquals("DRC", img.modules().get(0).name());
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 20, 200, 0x2000 + 108 + 30, 0x2000 + 108 + 52 + 100})
    void shouldRefuseATruncatedImageNamingWhatIsMissing(int length) throws Exception {
        final byte[] full = Files.readAllBytes(RealImages.path("drc.llext"));
        final LibraryLoadException e = assertThrows(LibraryLoadException.class,
                () -> SofImage.read(Arrays.copyOf(full, length)));
        assertEquals(-Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().startsWith("SOF image: "), e.getMessage());
    }

    @Test
    void shouldRefuseAMissingDirectoryNamingItsOffset() throws Exception {
        final byte[] b = Files.readAllBytes(RealImages.path("drc.llext"));
        b[108] = 'X';
        final LibraryLoadException e = assertThrows(LibraryLoadException.class,
                () -> SofImage.read(b));
        assertEquals("SOF image: no $CPD partition directory at offset 0x6c: found \"XCPD\""
                + " (-EINVAL)", e.getMessage());
    }

    @Test
    void shouldRecognizeImagesButNotSofjLibrariesBySniffing() throws Exception {
        assertTrue(SofImage.looksLikeSofImage(Files.readAllBytes(RealImages.path("drc.llext"))));
        assertFalse(SofImage.looksLikeSofImage(new byte[] {'P', 'K', 3, 4}));
        assertFalse(SofImage.looksLikeSofImage(new byte[2]));
    }
}
