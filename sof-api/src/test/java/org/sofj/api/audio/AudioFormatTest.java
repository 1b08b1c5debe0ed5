package org.sofj.api.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Period sizing as SOF's {@code component_set_nearest_period_frames} does it. */
final class AudioFormatTest {

    @ParameterizedTest(name = "{0} Hz, {1} us -> {2} frames")
    @CsvSource({
        "48000, 1000, 48",
        "44100, 1000, 48",   // the 44.1 kHz family is sized as 48 kHz's
        "88200, 1000, 96",
        "176400, 1000, 192",
        "22050, 1000, 23",   // other rates round up: 22.05 -> 23
        "11025, 1000, 12",
        "8000, 1000, 8",
        "16000, 2000, 32",
        "22050, 10000, 221",
    })
    void shouldSizeAPeriodAsSofDoes(int rate, int periodMicros, int frames) {
        final AudioFormat f = AudioFormat.of(rate, 2, SampleFormat.S16_LE);
        assertEquals(frames, f.periodFrames(periodMicros));
        assertEquals(frames * 4, f.periodBytes(periodMicros));
    }

    @ParameterizedTest(name = "period {0} us is refused")
    @ValueSource(ints = {0, -1000})
    void shouldRefuseANonPositivePeriod(int periodMicros) {
        final AudioFormat f = AudioFormat.of(44_100, 2, SampleFormat.S16_LE);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> f.periodFrames(periodMicros));
        assertTrue(e.getMessage().contains("periodMicros=" + periodMicros), e.getMessage());
    }

    /**
     * The largest format, 384 kHz, 8 channels of S32 (32 bytes a frame): the byte counts are
     * computed in 64 bits and refused past {@code int}, at the limit and one microsecond over.
     * periodBytes rounds frames up: ceil(0.384 * 174762664) = 67108863 frames = 2147483616 bytes;
     * one us more is 67108864 frames = 2^31 bytes. bytesPerPeriod rounds down:
     * floor(0.384 * 174762666) = 67108863, floor(0.384 * 174762667) = 67108864.
     */
    @ParameterizedTest(name = "{0} of {1} us -> {2}")
    @CsvSource({
        "periodBytes,    174762664, 2147483616",
        "periodBytes,    174762665, refused",
        "bytesPerPeriod, 174762666, 2147483616",
        "bytesPerPeriod, 174762667, refused",
    })
    void shouldRefuseAPeriodWhoseByteCountOverflows(String method, int periodMicros,
            String expected) {
        final AudioFormat f = AudioFormat.of(AudioFormat.MAX_RATE, AudioFormat.MAX_CHANNELS,
                SampleFormat.S32_LE);
        final java.util.function.IntUnaryOperator bytes = method.equals("periodBytes")
                ? f::periodBytes : f::bytesPerPeriod;
        if (expected.equals("refused")) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> bytes.applyAsInt(periodMicros));
            assertTrue(e.getMessage().contains("periodMicros=" + periodMicros), e.getMessage());
        } else {
            assertEquals(Integer.parseInt(expected), bytes.applyAsInt(periodMicros));
        }
    }
}
