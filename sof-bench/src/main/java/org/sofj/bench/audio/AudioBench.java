package org.sofj.bench.audio;

import java.util.ServiceLoader;

import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.audio.SampleFormat;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.spi.AudioEngine;
import org.sofj.api.spi.AudioEngineProvider;
import org.sofj.api.spi.MemoryLayout;
import org.sofj.api.spi.MemorySystem;
import org.sofj.api.spi.MemorySystemProvider;

/**
 * What the audio benchmarks share: a memory system and an engine found with
 * {@link ServiceLoader} (class path, {@code META-INF/services}), the 48 kHz stereo S32 format
 * whose 1 ms tick is 384 bytes, and copy-in/copy-out helpers that handle a wrapping fragment.
 * Benchmark threads are kernel threads of the memory system (JMH made them), so every access is
 * allowed and checked.
 */
final class AudioBench {
    /** 48 kHz, stereo, S32: 384 bytes per 1 ms tick. */
    static final AudioFormat FORMAT = AudioFormat.of(48_000, 2, SampleFormat.S32_LE);
    /** One tick of one stream. */
    static final int TICK = 384;

    private AudioBench() {
    }

    /** @return a new memory system with the default layout */
    static MemorySystem newMemory() {
        return ServiceLoader.load(MemorySystemProvider.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no MemorySystemProvider"))
                .create(MemoryLayout.defaults());
    }

    /**
     * @param memory the memory system
     * @return an engine over it
     */
    static AudioEngine newEngine(MemorySystem memory) {
        return ServiceLoader.load(AudioEngineProvider.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no AudioEngineProvider"))
                .create(memory);
    }

    /** Copies {@code src} into a (possibly wrapping) fragment: at most two checked copies. */
    static void copyIn(MemoryAccess access, AudioRegion region, byte[] src) {
        final int first = (int) region.contiguousLength();
        access.putBytes(region.address(), src, 0, first);
        if (first < region.length()) {
            access.putBytes(region.bufferStart(), src, first, (int) region.length() - first);
        }
    }

    /** Copies a (possibly wrapping) fragment into {@code dst}: at most two checked copies. */
    static void copyOut(MemoryAccess access, AudioRegion region, byte[] dst) {
        final int first = (int) region.contiguousLength();
        access.getBytes(region.address(), dst, 0, first);
        if (first < region.length()) {
            access.getBytes(region.bufferStart(), dst, first, (int) region.length() - first);
        }
    }
}
