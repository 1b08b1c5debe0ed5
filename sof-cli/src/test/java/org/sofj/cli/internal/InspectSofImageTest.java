package org.sofj.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sofj inspect} on real SOF images from thesofproject/sof-bin (the files and their README
 * are under sof-llext/src/test/resources/sof-bin).
 */
final class InspectSofImageTest {
    private static final Path IMAGES = Cli.REPO.resolve("sof-llext/src/test/resources/sof-bin");

    @Test
    void shouldListTheModuleTableOfARealLlextLibrary() {
        final Cli.Result r = Cli.run("inspect", IMAGES.resolve("drc.llext").toString());
        assertEquals(0, r.code(), r.err());
        final String out = r.out();
        assertTrue(out.contains("$AE1 extended manifest: 108 bytes, version 1.0, 1 module entries"),
                out);
        assertTrue(out.contains("$CPD partition \"ADSP\" at 0x6c: ADSP.man @0x5c+0x4b8"), out);
        assertTrue(out.contains("\"ADSPFW\" version 2.13.0.1, fw_image_flags 0x4 (image_type 2"
                + " library)"), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("0   DRC      "
                + "b36ee4da-006f-47f9-a06d-fecbe2d8b6ce llext      1  0    0 0x1")), out);
        assertTrue(out.contains("text flags 0x1f 0 pages v 0x0 file 0x8000;"), out);
        assertTrue(out.contains("config 0: par 0 0 0 0 is_bytes 4096 cps 1000000 ibs 128 obs 128"),
                out);
        assertTrue(out.contains("sofj cannot load or run it"), out);
    }

    @Test
    void shouldListAuxBuiltinAndMultiConfigModulesOfRealImages() {
        final Cli.Result lib = Cli.run("inspect",
                IMAGES.resolve("sof-ptl-openmodules.ri.head").toString());
        assertEquals(0, lib.code(), lib.err());
        assertTrue(lib.out().lines().anyMatch(l -> l.startsWith("0   IIR ")
                && l.contains("llext_aux") && l.contains("0x0 ") && l.endsWith(" 0@0")),
                lib.out());
        assertEquals(23, lib.out().lines()
                .filter(l -> l.matches("    config (5[5-9]|6\\d|7[0-7]):.*")).count(),
                "SRC's 23 configs from 55");
        final Cli.Result fw = Cli.run("inspect", IMAGES.resolve("sof-mtl.ri.head").toString());
        assertEquals(0, fw.code(), fw.err());
        assertTrue(fw.out().contains("image_type 1 main firmware"), fw.out());
        assertTrue(fw.out().lines().anyMatch(l -> l.startsWith("3   MIXIN ")
                && l.contains(" builtin ")), fw.out());
    }

    @Test
    void shouldFailWithOneLineNamingTheStructureWhenTheImageIsCutInTheManifest(@TempDir Path d)
            throws IOException {
        final byte[] full = Files.readAllBytes(IMAGES.resolve("drc.llext"));
        final Path cut = d.resolve("cut.llext");
        Files.write(cut, Arrays.copyOf(full, 108 + 0x2000 + 60));
        final Cli.Result r = Cli.run("inspect", cut.toString());
        assertTrue(r.code() != 0, r.out());
        assertTrue(r.err().contains("1 sof_man_module entries at offset 0x20a0 needs 116 bytes"),
                r.err());
    }
}
