package org.sofj.api.spi;

/**
 * Creates the audio engine: buffers and schedulers (implemented by {@code sof-audio-lowlatency}).
 * Found with {@link java.util.ServiceLoader}; public no-arg constructor, nothing expensive before
 * {@link #create}.
 */
public interface AudioEngineProvider {

    /**
     * Creates an audio engine whose buffers live in {@code memory}.
     *
     * @param memory the memory system buffers are allocated in
     * @return the engine
     */
    AudioEngine create(MemorySystem memory);
}
