package org.sofj.audio.internal;

import org.sofj.api.spi.AudioEngine;

/** The sink/source contract on a {@code comp_buffer} of two 384-byte ticks. */
final class CompBufferContractTest extends BufferContractTest {
    @Override
    AudioEngine.Buffer newBuffer(TestMemory memory) {
        return memory.engine.newCompBuffer(memory.shared(), 768, FORMAT);
    }
}
