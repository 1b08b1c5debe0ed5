package org.sofj.api.spi;

import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;

/**
 * Buffers between modules. The runtime is its only client; scheduler operations join it as the
 * audio engine lands.
 */
public interface AudioEngine {

    /**
     * A buffer with a sink (its producer side) and a source (its consumer side), in simulated
     * memory.
     */
    interface Buffer {
        /** @return the producer side */
        Sink sink();

        /** @return the consumer side */
        Source source();

        /** @return the data area's simulated address */
        long address();

        /** @return the data area's size in bytes */
        int size();

        /** Returns the buffer's memory. The sink and source must be unbound. */
        void free();
    }

    /**
     * A {@code comp_buffer} between two LL modules, {@code 2 * max(ibs, obs)} bytes.
     *
     * @param ibs    the consumer's input buffer size
     * @param obs    the producer's output buffer size
     * @param format the stream format
     * @return the buffer, or {@code null} if the heap has no room
     */
    Buffer newCompBuffer(int ibs, int obs, AudioFormat format);

    /**
     * A lock-free SPSC ring buffer for a DP module's side,
     * {@code ALIGN_UP(3 * max(ibs, obs), 64)} bytes.
     *
     * @param ibs    the consumer's input buffer size
     * @param obs    the producer's output buffer size
     * @param format the stream format
     * @return the buffer, or {@code null} if the heap has no room
     */
    Buffer newRingBuffer(int ibs, int obs, AudioFormat format);
}
