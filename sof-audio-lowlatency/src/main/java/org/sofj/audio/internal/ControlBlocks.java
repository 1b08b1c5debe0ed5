package org.sofj.audio.internal;

import java.util.ArrayDeque;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The ring buffers' control blocks (kernel bookkeeping, off-heap, never in simulated memory),
 * carved from direct-memory slabs and reused: a freed ring hands its block back, so a runtime that
 * binds and unbinds for ever keeps a flat direct-memory footprint instead of leaving one direct
 * buffer per ring for the garbage collector's cleaner. Slabs are kept until the engine is
 * collected; a block handed back is zeroed when it is handed out again.
 *
 * <p>Threads: cold path only (bind and unbind), synchronized. A block is never returned to the
 * operating system while the engine lives, so a late access through a freed ring reads a reused
 * block, never unmapped memory.
 */
final class ControlBlocks {
    /** Blocks per slab. */
    static final int SLAB_BLOCKS = 32;

    private final int blockLength;
    private final int alignment;
    private final ArrayDeque<UnsafeBuffer> free = new ArrayDeque<>();
    private int blocks;
    private UnsafeBuffer graveyard;

    /**
     * @param blockLength bytes per block, a multiple of {@code alignment}
     * @param alignment   the alignment of each block, a power of two
     */
    ControlBlocks(int blockLength, int alignment) {
        if (blockLength <= 0 || blockLength % alignment != 0) {
            throw new IllegalArgumentException("blockLength=" + blockLength
                    + " must be a positive multiple of alignment=" + alignment);
        }
        this.blockLength = blockLength;
        this.alignment = alignment;
    }

    /** @return a zeroed block, from a new slab if none is free */
    synchronized UnsafeBuffer acquire() {
        if (free.isEmpty()) {
            final UnsafeBuffer slab = new UnsafeBuffer(
                    BufferUtil.allocateDirectAligned(SLAB_BLOCKS * blockLength, alignment));
            for (int i = 0; i < SLAB_BLOCKS; i++) {
                free.add(new UnsafeBuffer(slab, i * blockLength, blockLength));
            }
            blocks += SLAB_BLOCKS;
        }
        final UnsafeBuffer b = free.poll();
        b.setMemory(0, blockLength, (byte) 0);
        return b;
    }

    /**
     * @return the block a released ring's offsets point at from then on: never handed out, so
     *     what a stale Sink or Source writes reaches no live ring
     */
    synchronized UnsafeBuffer graveyard() {
        if (graveyard == null) {
            graveyard = new UnsafeBuffer(BufferUtil.allocateDirectAligned(blockLength,
                    alignment));
        }
        return graveyard;
    }

    /** @param block a block from {@link #acquire()}, no longer used */
    synchronized void release(UnsafeBuffer block) {
        free.push(block);
    }

    /** @return blocks made so far, free or in use */
    synchronized int blocks() {
        return blocks;
    }

    /** @return blocks free for reuse */
    synchronized int freeBlocks() {
        return free.size();
    }
}
