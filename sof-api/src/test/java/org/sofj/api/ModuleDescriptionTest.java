package org.sofj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

final class ModuleDescriptionTest {
    private static final UUID ID = UUID.fromString("61bca9a8-18d0-4a18-8e7b-2639219804b7");

    @Test
    void shouldDefaultToKernelModeAsSofDoes() {
        final ModuleDescription d = ModuleDescription.builder("gain", ID).build();
        assertFalse(d.userMode());
        assertEquals(LoadType.LLEXT, d.loadType());
        assertEquals(1, d.affinityMask());
        assertEquals(1, d.instanceMaxCount());
        assertEquals(0, d.heapBytes());
        assertEquals(0, d.stackBytes());
    }

    @Test
    void shouldKeepEverySetField() {
        final ModuleDescription d = ModuleDescription.builder("eq_iir", ID).userMode(true)
                .loadType(LoadType.MODULE).affinityMask(3).instanceMaxCount(4).ibs(384).obs(768)
                .cps(5000).isPages(2).heapBytes(8192).stackBytes(16384).inputPins(2)
                .outputPins(1).build();
        assertEquals(new ModuleDescription("eq_iir", ID, LoadType.MODULE, true, 3, 4, 384, 768,
                5000, 2, 8192, 16384, 2, 1), d);
    }

    @Test
    void shouldRejectBadNamesNamingTheValue() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModuleDescription.builder("too_long_name", ID));
        assertTrue(e.getMessage().contains("too_long_name"));
        assertThrows(IllegalArgumentException.class, () -> ModuleDescription.builder("", ID));
        assertThrows(IllegalArgumentException.class, () -> ModuleDescription.builder("a b", ID));
        assertThrows(IllegalArgumentException.class, () -> ModuleDescription.builder("gäin", ID));
        assertThrows(NullPointerException.class, () -> ModuleDescription.builder("gain", null));
    }

    @Test
    void shouldRejectOutOfRangeFieldsNamingModuleAndField() {
        final ModuleDescription.Builder b = ModuleDescription.builder("gain", ID);
        final IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> b.instanceMaxCount(0));
        assertEquals("module=gain instanceMaxCount=0 must be in [1, 65535]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.affinityMask(0));
        assertThrows(IllegalArgumentException.class, () -> b.ibs(-1));
        assertThrows(IllegalArgumentException.class, () -> b.heapBytes(-4096));
        assertThrows(IllegalArgumentException.class,
                () -> b.stackBytes(ModuleDescription.MAX_REQUEST_BYTES + 1));
        assertThrows(IllegalArgumentException.class, () -> new ModuleDescription("gain", ID,
                LoadType.LLEXT, false, 1, 70000, 0, 0, 0, 0, 0, 0, 0, 0));
        final IllegalArgumentException pins =
                assertThrows(IllegalArgumentException.class, () -> b.outputPins(9));
        assertEquals("module=gain outputPins=9 must be in [0, 8] (0 = undeclared)",
                pins.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.inputPins(-1));
    }

    @Test
    void shouldAllowOnlyTheDeclaredPinsAndAnyOfEightWhenUndeclared() {
        final ModuleDescription gain = ModuleDescription.builder("gain", ID).inputPins(1)
                .outputPins(1).build();
        assertTrue(gain.hasPin(true, 0));
        assertFalse(gain.hasPin(true, 1), "gain:1 names a pin gain does not have");
        assertFalse(gain.hasPin(false, 1));
        assertFalse(gain.hasPin(true, -1));
        final ModuleDescription mixer = ModuleDescription.builder("mixer", ID).inputPins(4)
                .build();
        assertTrue(mixer.hasPin(false, 3));
        assertFalse(mixer.hasPin(false, 4));
        assertTrue(mixer.hasPin(true, 7), "an undeclared side keeps all eight pins");
        assertFalse(mixer.hasPin(true, 8));
        assertEquals(ModuleDescription.MAX_PINS, mixer.pinCount(true));
    }

    @Test
    void shouldRejectSettingAnOptionTwice() {
        final ModuleDescription.Builder b = ModuleDescription.builder("gain", ID).ibs(4);
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.ibs(8));
        assertEquals("module=gain ibs was already set", e.getMessage());
    }
}
