package org.sofj.plugins.sample.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sofj.api.Errno;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;

final class PassthroughTest {
    private static final AudioFormat FORMAT = AudioFormat.of(48000, 2, SampleFormat.S16_LE);
    private static final int PERIOD = 48 * 4;

    private final Fixture fx = new Fixture();

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void shouldCopyEveryByteUnchangedWhenBothRingsWrapAtDifferentPlaces() {
        final Passthrough m = new Passthrough();
        assertEquals(0, m.init(fx.context("passthru", FORMAT, PERIOD, PERIOD)));
        final TestRing in = fx.ring(PERIOD);
        final TestRing out = new TestRing(fx.mem, 3 * PERIOD + 12, 3 * PERIOD - 40);
        final Source[] sources = {in.source};
        final Sink[] sinks = {out.sink};
        assertEquals(0, m.prepare(sources, sinks));
        final Random rnd = new Random(1);
        for (int period = 0; period < 7; period++) {
            final byte[] data = new byte[PERIOD];
            rnd.nextBytes(data);
            in.write(data);
            assertEquals(0, m.process(sources, sinks));
            assertArrayEquals(data, out.read(PERIOD), "period " + period);
            assertEquals(0, in.available());
        }
    }

    @Test
    void shouldReturnEnodataAndConsumeNothingWhenLessThanIbsIsAvailable() {
        final Passthrough m = new Passthrough();
        m.init(fx.context("passthru", FORMAT, PERIOD, PERIOD));
        final TestRing in = fx.ring(PERIOD);
        final TestRing out = fx.ring(PERIOD);
        in.write(new byte[PERIOD - 4]);
        assertEquals(-Errno.ENODATA, m.process(new Source[] {in.source}, new Sink[] {out.sink}));
        assertEquals(PERIOD - 4, in.available());
        assertEquals(0, out.available());
        assertEquals(0, in.source.requestedReadSize());
    }

    @Test
    void shouldReturnEnospcAndConsumeNothingWhenSinkLacksObs() {
        final Passthrough m = new Passthrough();
        m.init(fx.context("passthru", FORMAT, PERIOD, PERIOD));
        final TestRing in = fx.ring(PERIOD);
        final TestRing out = fx.ring(PERIOD);
        out.write(new byte[out.free() - PERIOD + 4]);
        in.write(new byte[PERIOD]);
        assertEquals(-Errno.ENOSPC, m.process(new Source[] {in.source}, new Sink[] {out.sink}));
        assertEquals(PERIOD, in.available());
        assertEquals(0, out.sink.requestedWriteSize());
    }

    @Test
    void shouldRejectInitWhenIbsDiffersFromObs() {
        assertEquals(-Errno.EINVAL, new Passthrough()
                .init(fx.context("passthru", FORMAT, PERIOD, 2 * PERIOD)));
    }

    @Test
    void shouldRejectInitWhenIbsIsNotWholeFrames() {
        assertEquals(-Errno.EINVAL, new Passthrough()
                .init(fx.context("passthru", FORMAT, PERIOD + 2, PERIOD + 2)));
    }
}
