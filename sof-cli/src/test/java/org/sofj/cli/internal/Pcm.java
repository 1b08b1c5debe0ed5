package org.sofj.cli.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** Test helper: WAV files as sample arrays, read with javax.sound.sampled directly. */
final class Pcm {
    private Pcm() {
    }

    static byte[] bytes(Path wav) {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UnsupportedAudioFileException e) {
            throw new AssertionError(wav + " is not a WAV", e);
        }
    }

    static short[] s16(Path wav) {
        final ByteBuffer b = ByteBuffer.wrap(bytes(wav)).order(ByteOrder.LITTLE_ENDIAN);
        final short[] out = new short[b.remaining() / 2];
        b.asShortBuffer().get(out);
        return out;
    }

    static int[] s32(Path wav) {
        final ByteBuffer b = ByteBuffer.wrap(bytes(wav)).order(ByteOrder.LITTLE_ENDIAN);
        final int[] out = new int[b.remaining() / 4];
        b.asIntBuffer().get(out);
        return out;
    }
}
