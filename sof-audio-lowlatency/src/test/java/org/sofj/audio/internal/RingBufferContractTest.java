package org.sofj.audio.internal;

import org.sofj.api.spi.AudioEngine;

/** The sink/source contract on a ring buffer for IBS = OBS = 384 (1152 bytes). */
final class RingBufferContractTest extends BufferContractTest {
    @Override
    AudioEngine.Buffer newBuffer(TestMemory memory) {
        return memory.engine.newRingBuffer(memory.shared(), 384, 384, FORMAT);
    }
}
