package org.sofj.mmu.internal;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * The one place that names how the memory system's waits idle, as {@code Waits} does in the
 * runtime and the audio engine: Agrona's {@link BackoffIdleStrategy} with its parameters per kind
 * of wait. A strategy object belongs to one waiting thread and one wait; it allocates nothing
 * while it idles. The caller's deadline check bounds the wait; the strategy only decides how the
 * time between checks is spent.
 */
final class Waits {
    /** The grace period after a revocation: spins before the first park. */
    static final int GRACE_SPINS = 100;
    /** The grace period: the park period (nothing signals a thread passing the revocation). */
    static final long GRACE_PARK_NANOS = 20_000;

    private Waits() {
    }

    /** @return for the revoking thread's wait for the grace period ({@link Grace#await}) */
    static IdleStrategy grace() {
        return new BackoffIdleStrategy(GRACE_SPINS, 0, GRACE_PARK_NANOS, GRACE_PARK_NANOS);
    }
}
