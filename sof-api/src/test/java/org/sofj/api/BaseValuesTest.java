package org.sofj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;
import org.sofj.api.audio.TestBuffer;

final class BaseValuesTest {
    private static final AudioFormat STEREO_S32 = AudioFormat.of(48000, 2, SampleFormat.S32_LE);

    @Test
    void shouldRejectNegativeBaseConfigFields() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BaseConfig(0, -1, 384, 0, 0, STEREO_S32));
        assertEquals("ibs=-1 must not be negative", e.getMessage());
        assertThrows(NullPointerException.class, () -> new BaseConfig(0, 0, 0, 0, 0, null));
    }

    @Test
    void shouldRequireTheSideMatchingTheBindType() {
        final Sink sink = new TestBuffer(64).sink();
        assertSame(sink, BindInfo.ofSink(sink).sink());
        assertThrows(IllegalArgumentException.class,
                () -> new BindInfo(BindInfo.Type.SOURCE, sink, null));
        assertThrows(IllegalArgumentException.class,
                () -> new BindInfo(BindInfo.Type.SINK, null, (Source) null));
    }

    @Test
    void shouldMarkFirstAndLastFragments() {
        assertTrue(ConfigFragment.SINGLE.isFirst() && ConfigFragment.SINGLE.isLast());
        assertTrue(ConfigFragment.FIRST.isFirst() && !ConfigFragment.FIRST.isLast());
        assertTrue(!ConfigFragment.MIDDLE.isFirst() && !ConfigFragment.MIDDLE.isLast());
        assertEquals(2, ConfigFragment.LAST.code());
    }
}
