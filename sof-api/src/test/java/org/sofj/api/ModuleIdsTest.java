package org.sofj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

final class ModuleIdsTest {

    @Test
    void shouldComposeModuleIdFromLibraryAndIndex() {
        assertEquals(0x3005, ModuleIds.moduleId(3, 5));
        assertEquals(3, ModuleIds.libId(0x3005));
        assertEquals(5, ModuleIds.index(0x3005));
    }

    @Test
    void shouldComposeComponentIdFromInstanceAndModule() {
        final int comp = ModuleIds.componentId(2, 0x3005);
        assertEquals(0x00023005, comp);
        assertEquals(2, ModuleIds.instanceId(comp));
        assertEquals(0x3005, ModuleIds.moduleIdOf(comp));
        assertEquals(0xFFFF, ModuleIds.instanceId(ModuleIds.componentId(0xFFFF, 1)));
    }

    @Test
    void shouldRejectOutOfRangeIdsNamingTheField() {
        final IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ModuleIds.moduleId(16, 0));
        assertTrue(e.getMessage().contains("libId=16"));
        assertThrows(IllegalArgumentException.class, () -> ModuleIds.moduleId(1, 4096));
        assertThrows(IllegalArgumentException.class, () -> ModuleIds.componentId(65536, 1));
        assertThrows(IllegalArgumentException.class, () -> ModuleIds.componentId(0, -1));
    }

    @Test
    void shouldEncodeApiVersionsAsSofDoes() {
        assertEquals(5 << 20 | 0 << 10 | 1, ApiVersion.SOF_MODULE_API.encode());
        assertEquals(new ApiVersion(1, 2, 3), ApiVersion.decode(new ApiVersion(1, 2, 3).encode()));
        assertEquals(new ApiVersion(1, 2, 3), ApiVersion.parse("1.2.3"));
        assertThrows(IllegalArgumentException.class, () -> ApiVersion.parse("1.2"));
        assertThrows(IllegalArgumentException.class, () -> ApiVersion.parse("1.x.3"));
        assertThrows(IllegalArgumentException.class, () -> new ApiVersion(0, 1024, 0));
    }

    @Test
    void shouldRunLibrariesOfSameMajorAndNoNewerMiddle() {
        final ApiVersion runtime = new ApiVersion(1, 2, 0);
        assertTrue(runtime.canRun(new ApiVersion(1, 2, 9)));
        assertTrue(runtime.canRun(new ApiVersion(1, 0, 0)));
        assertEquals(false, runtime.canRun(new ApiVersion(1, 3, 0)));
        assertEquals(false, runtime.canRun(new ApiVersion(2, 0, 0)));
    }

    @Test
    void shouldMapLoadTypeCodes() {
        assertEquals(LoadType.LLEXT, LoadType.ofCode(2));
        assertTrue(LoadType.LLEXT_AUX.isLlext());
        assertEquals(false, LoadType.MODULE.isLlext());
        assertThrows(IllegalArgumentException.class, () -> LoadType.ofCode(4));
    }
}
