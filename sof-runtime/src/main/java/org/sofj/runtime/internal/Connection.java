package org.sofj.runtime.internal;

import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;
import org.sofj.api.spi.AudioEngine;
import org.sofj.api.spi.Partition;
import org.sofj.api.spi.SinkEndpoint;
import org.sofj.api.spi.SourceEndpoint;

/**
 * One bind (spec 4.10): a {@code comp_buffer} on the LL side and, when one end is DP, a ring
 * buffer on the DP side that the LL tick syncs with it ({@code audio_buffer_sync_secondary_buffer}).
 * Under least privilege the ring's pages are granted to the DP instance's domain only, and the
 * comp_buffer's pages to the domain of each user-mode LL instance at either end (its process
 * reads or writes them on the tick thread, switched into its domain).
 */
final class Connection {
    final Component source;
    final int sourceQueue;
    final Component sink;
    final int sinkQueue;
    final AudioEngine.Buffer compBuffer;
    /** The ring on the DP side, or {@code null} between two LL instances. */
    final AudioEngine.Buffer ring;
    /** The grant of the ring's pages to the DP instance's domain, or {@code null}. */
    Partition grant;
    /** The grants of the comp_buffer's pages to user-mode LL ends: source side, sink side. */
    Partition sourceCompGrant;
    Partition sinkCompGrant;

    Connection(Component source, int sourceQueue, Component sink, int sinkQueue,
            AudioEngine.Buffer compBuffer, AudioEngine.Buffer ring) {
        this.source = source;
        this.sourceQueue = sourceQueue;
        this.sink = sink;
        this.sinkQueue = sinkQueue;
        this.compBuffer = compBuffer;
        this.ring = ring;
    }

    /** @return whether the ring sits at the DP consumer's input (LL to DP) */
    boolean ringAtInput() {
        return ring != null && sink.dp();
    }

    /** @return what the producer writes into */
    Sink producerSink() {
        return producerEndpoint().sink();
    }

    /** @return the kernel side of what the producer writes into: bind, setters, clearRequest */
    SinkEndpoint producerEndpoint() {
        return ring != null && !ringAtInput() ? ring.sinkEndpoint() : compBuffer.sinkEndpoint();
    }

    /** @return what the consumer reads from */
    Source consumerSource() {
        return consumerEndpoint().source();
    }

    /** @return the kernel side of what the consumer reads: bind, setters, clearRequest */
    SourceEndpoint consumerEndpoint() {
        return ringAtInput() ? ring.sourceEndpoint() : compBuffer.sourceEndpoint();
    }

    /** The LL tick's sync for an LL to DP connection: everything the producer left. */
    void syncIn(AudioEngine engine) {
        engine.sync(compBuffer, ring, Integer.MAX_VALUE);
    }

    /** The LL tick's sync for a DP to LL connection: at most the consumer's IBS. */
    void syncOut(AudioEngine engine) {
        engine.sync(ring, compBuffer, compBuffer.source().getMinAvailable());
    }

    @Override
    public String toString() {
        return "Connection[0x" + Integer.toHexString(source.componentId) + ":" + sourceQueue
                + " -> 0x" + Integer.toHexString(sink.componentId) + ":" + sinkQueue + "]";
    }
}
