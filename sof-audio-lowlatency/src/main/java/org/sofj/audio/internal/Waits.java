package org.sofj.audio.internal;

import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * The one place that names how each kind of wait in the audio engine idles: Agrona's
 * {@link BackoffIdleStrategy} (spin, then yield, then park with a period that doubles from the
 * minimum to the maximum), with its parameters per kind. Every strategy object belongs to one
 * waiting thread; a waiter calls {@link IdleStrategy#reset()} before a wait and
 * {@link IdleStrategy#idle()} once per failed check. Neither allocates.
 *
 * <p>Each wait that must end stays bounded by its caller's deadline check; the strategy only
 * decides how the time between checks is spent. A park shorter than the OS timer slack (about
 * 50 us on Linux) sleeps for the slack, so the minimum park periods below are what a park costs
 * anyway, and the spin phases are what catches a peer that is still awake.
 *
 * <p>Not here: the wall-clock LL thread's wait between ticks ({@link WallTicker#parkNanos}). It
 * parks until a time computed from an absolute deadline and then spins to it; an idle strategy
 * has no deadline to aim at, and backing off would make ticks late.
 */
final class Waits {
    /** LL block handshake: spins before the first park (the other side holds for one call). */
    static final int LL_HOLD_SPINS = 1_000;
    /** LL block handshake: park period, minimum and maximum. */
    static final long LL_HOLD_PARK_NANOS = 20_000;
    /** Virtual time, a tick waiting for the DP runs it woke: spins, then park. */
    static final int DP_AWAIT_SPINS = 1_000;
    /** Virtual time, a tick waiting for the DP runs it woke: park period. */
    static final long DP_AWAIT_PARK_NANOS = 20_000;
    /**
     * An idle DP thread: it is woken by {@code unpark} when it gets its core's run token or an
     * IPC request, so it parks at once; the period only bounds a wake-up that never comes.
     */
    static final long DP_IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** The IPC thread waiting for a cancelled DP body to return: park period (cold path). */
    static final long DP_CANCEL_PARK_NANOS = 50_000;

    private Waits() {
    }

    /**
     * @return for {@link LlCore}'s block handshake: the tick thread waiting while the IPC thread
     *     holds LL off, and the IPC thread waiting for a running tick to end
     */
    static IdleStrategy llHold() {
        return new BackoffIdleStrategy(LL_HOLD_SPINS, 0, LL_HOLD_PARK_NANOS, LL_HOLD_PARK_NANOS);
    }

    /** @return for a virtual-time tick waiting, bounded, for the DP runs it woke */
    static IdleStrategy dpAwait() {
        return new BackoffIdleStrategy(DP_AWAIT_SPINS, 0, DP_AWAIT_PARK_NANOS,
                DP_AWAIT_PARK_NANOS);
    }

    /** @return for a DP thread between runs: parks at once, woken by {@code unpark} */
    static IdleStrategy dpIdle() {
        return new BackoffIdleStrategy(0, 0, DP_IDLE_PARK_NANOS, DP_IDLE_PARK_NANOS);
    }

    /** @return for the IPC thread waiting, bounded, for a cancelled DP body to return */
    static IdleStrategy dpCancel() {
        return new BackoffIdleStrategy(0, 0, DP_CANCEL_PARK_NANOS, DP_CANCEL_PARK_NANOS);
    }
}
