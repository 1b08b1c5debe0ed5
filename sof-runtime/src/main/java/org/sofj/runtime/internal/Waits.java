package org.sofj.runtime.internal;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;

/**
 * The one place that names how each kind of wait in the kernel idles: Agrona's
 * {@link BackoffIdleStrategy} (spin, then yield, then park with a period that doubles from the
 * minimum to the maximum), with its parameters per kind. A strategy object belongs to one waiting
 * thread; the waiter calls {@link IdleStrategy#reset()} before a wait and
 * {@link IdleStrategy#idle()} once per failed check. Neither allocates. A wait that must end stays
 * bounded by its caller's deadline check; the strategy only decides how the time between checks
 * is spent.
 *
 * <p>Where the other side wakes a parked waiter with {@code unpark} (the proxy's handoffs), the
 * waiter raises a "parked" flag before each idle call past {@link #PROXY_SPINS}, the calls that
 * can only spin, so the other side pays for an {@code unpark} only when the waiter may sleep.
 */
final class Waits {
    /**
     * The proxy's handoffs (the A1 mailbox both ways, an A2 reply): spins before the first yield
     * or park. A blocking wake costs ~25 us on this machine kind; a peer that is still awake
     * answers within this spin.
     */
    static final int PROXY_SPINS = 2_000;
    /** The proxy's handoffs: the shortest park; the waker's {@code unpark} ends it early. */
    static final long PROXY_MIN_PARK_NANOS = 20_000;
    /**
     * The proxy's handoffs: the longest park. Every wake-up is signalled, so this only bounds a
     * sleep whose wake-up was lost, and how late a waiter sees its deadline pass; an idle worker
     * re-checks this often (as an idle DP thread does).
     */
    static final long PROXY_MAX_PARK_NANOS = 10_000_000;
    /** A DP thread at its gate, and the IPC thread holding the gate: spins, then park. */
    static final int GATE_SPINS = 200;
    /** The DP gate: park period (nobody signals the gate's release). */
    static final long GATE_PARK_NANOS = 20_000;

    /** How often the tick watchdog ({@link DomainWindows}) looks at the open windows. */
    static final long WATCHDOG_POLL_NANOS = 10_000_000L;

    private Waits() {
    }

    /**
     * @param spin whether to spin first; {@code false} parks at once (the benchmark's park path)
     * @return for either side of a proxy handoff: spin, then park until woken
     */
    static IdleStrategy proxy(boolean spin) {
        return new BackoffIdleStrategy(proxySpins(spin), 0, PROXY_MIN_PARK_NANOS,
                PROXY_MAX_PARK_NANOS);
    }

    /**
     * @param spin as given to {@link #proxy(boolean)}
     * @return how many {@link IdleStrategy#idle()} calls after a reset can only spin (Agrona's
     *     back-off spins {@code maxSpins} times before it may yield or park): before those, a
     *     waiter need not raise its "parked" flag
     */
    static int proxySpins(boolean spin) {
        return spin ? PROXY_SPINS : 0;
    }

    /** @return for either side of an instance's DP gate */
    static IdleStrategy gate() {
        return new BackoffIdleStrategy(GATE_SPINS, 0, GATE_PARK_NANOS, GATE_PARK_NANOS);
    }

    /**
     * @return for the tick watchdog between two looks: Agrona's {@link SleepingIdleStrategy}, a
     *     fixed period with no spin (a poll, not a wait for a condition that a back-off could
     *     shorten); an {@code unpark} ends it early
     */
    static IdleStrategy watchdog() {
        return new SleepingIdleStrategy(WATCHDOG_POLL_NANOS);
    }
}
