package org.sofj.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sofj.api.Ipc4Status;
import org.sofj.api.ModuleIds;
import org.sofj.llext.LibraryKeys;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.ipc.Ipc4Frame;

/**
 * The two-step library load as Linux's {@code hda_dsp_ipc4_load_library}
 * ({@code sound/soc/sof/intel/hda-loader.c}) performs it, with a real signed library: frames
 * written by hand from {@code include/sound/sof/ipc4/header.h}.
 */
final class LibraryIpcLoadTest {

    @Test
    void shouldLoadOnLoadLibraryAfterAPrepareThatCarriesNoLibId(@TempDir Path dir) {
        Cli.workspace(dir);
        final Path lib = dir.resolve("target/sofj/sample.sofjlib");
        try (SofRuntime rt = SofRuntime.builder().trustedKeys(LibraryKeys.trustedKeys(
                List.of(dir.resolve("target/sofj/dev.pub")))).build()) {
            final int streamTag = 4;
            final int dmaId = streamTag - 1;
            rt.stageLibrary(dmaId, lib); // the memcpy into the code loader DMA buffer
            // 1st stage: stream_tag - 1 | SOF_IPC4_MSG_TYPE_SET(LOAD_LIBRARY_PREPARE = 25)
            //            | MSG_DIR(REQUEST) | MSG_TARGET(FW_GEN_MSG); no lib_id
            final Ipc4Frame prepare = new Ipc4Frame(dmaId | 25 << 24, 0);
            assertEquals(Ipc4Status.SUCCESS, rt.ipc(prepare).primary() & 0xFF_FFFF);
            assertThrows(IllegalArgumentException.class, () -> rt.moduleId(2, "gain"),
                    "PREPARE only sets up the DMA");
            // 2nd stage: primary &= ~TYPE_MASK; |= TYPE_SET(LOAD_LIBRARY = 24)
            //            | SOF_IPC4_GLB_LOAD_LIBRARY_LIB_ID(2) (bits 19..16); same dma_id
            final Ipc4Frame load = new Ipc4Frame(prepare.primary() & ~(0x1F << 24) | 24 << 24
                    | 2 << 16, 0);
            assertEquals(Ipc4Status.SUCCESS, rt.ipc(load).primary() & 0xFF_FFFF);
            assertEquals(2, ModuleIds.libId(rt.moduleId(2, "gain")));
        }
    }
}
