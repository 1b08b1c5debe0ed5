package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import org.agrona.concurrent.IdleStrategy;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The proxy mailbox's post/take/reply/wake handshake (proxy variant A1) loses no wake-up:
 * Lincheck's model checker explores the interleavings of a kernel thread that posts
 * {@link #CALLS} requests, waits for each reply with the real {@link UserWorker.Mailbox#await}
 * (the wait {@link UserWorker#invoke} does) and then stops the worker, and a worker thread that
 * runs the real {@link UserWorker.Mailbox#serve} loop.
 *
 * <p>Both sides idle with {@link SpinThenPark}: like the runtime's back-off, its first calls after
 * a reset only spin, and then it parks, here with no timeout and with Lincheck's spurious
 * wake-ups muted for it. In the runtime a park is bounded (10 ms), which would only turn a lost
 * wake-up into a late reply; here a lost wake-up leaves a thread parked for ever, which the model
 * checker reports as a hang ("The execution has hung": every unfinished thread parked). Neither
 * deadline of the wait is ever reached here.
 *
 * <p>The proof that the model sees the interleavings that matter: the same model run against a
 * mailbox with one lost wake-up planted (a subclass overriding one step) must fail. Three are
 * planted: the kernel unparks before it publishes the request; the worker raises its "parked"
 * flag after its last check; the kernel raises its flag after its last check.
 *
 * <p>Runs on the class path (the {@code class-path} surefire execution), like the other
 * Lincheck tests. Invocations: {@code 200 * sofj.lincheck.iterations} of the one scenario.
 */
@Tag("class-path")
public class MailboxHandshakeLincheckTest {
    /** Requests per invocation: the second and third find the worker idle after a reply. */
    static final int CALLS = 3;
    /** Idle calls that only spin, as the runtime's back-off spins before it parks. */
    static final int SPINS = 1;
    private static final int ITERATIONS = Integer.getInteger("sofj.lincheck.iterations", 5);
    /**
     * Interleavings explored per iteration. Each planted bug is caught within 60 (measured), so
     * {@code 200 * ITERATIONS} leaves a margin while keeping the test short.
     */
    private static final int INVOCATIONS = 200;
    /** A real-time deadline no run reaches: a day from when the class was loaded. */
    private static final CallTimeout NEVER = new CallTimeout(Long.MAX_VALUE); // expires never
    /** Which mailbox the next invocation gets; one test at a time sets it. */
    private static volatile Supplier<UserWorker.Mailbox> make = MailboxHandshakeLincheckTest::real;
    /**
     * The invocation's mailbox, published to a static field, as the runtime's is reachable from
     * both threads: Lincheck places no switch points at the fields of an object it considers
     * local to one thread, and what a static field refers to is not.
     */
    private static volatile UserWorker.Mailbox published;

    private final UserWorker.Mailbox box = make.get();
    private final IdleStrategy kernelIdle = new SpinThenPark();

    /** A fresh mailbox per invocation. */
    public MailboxHandshakeLincheckTest() {
        published = box;
    }

    private static UserWorker.Mailbox real() {
        return new UserWorker.Mailbox(new SpinThenPark(), SPINS, () -> { });
    }

    /**
     * The kernel's side: {@link #CALLS} round trips, each posted and awaited, then a stop.
     *
     * @return the sum of the replies, {@code sum(2v + 1)} if each reply is its own request's
     */
    @Operation(nonParallelGroup = "kernel")
    public int kernel() {
        while (box.thread == null) {
            Thread.yield(); // the runtime starts the worker before it posts
        }
        int sum = 0;
        for (int v = 1; v <= CALLS; v++) {
            final int arg = v;
            final long seq = box.post(() -> 2 * arg + 1, Thread.currentThread());
            if (!box.await(seq, kernelIdle, SPINS, NEVER)) {
                throw new AssertionError("timed out with no deadline");
            }
            sum += box.status;
        }
        box.requestStop();
        return sum;
    }

    /** The worker's side: the real serve loop, until stopped. */
    @Operation(nonParallelGroup = "worker")
    public void worker() {
        box.thread = Thread.currentThread();
        box.serve();
    }

    @Test
    void shouldLoseNoWakeUpUnderModelChecking() {
        assertDoesNotThrow(() -> check(MailboxHandshakeLincheckTest::real),
                "an interleaving of the handshake that hangs or misattributes a reply");
    }

    @Test
    void shouldCatchAKernelThatUnparksBeforeItPublishes() {
        assertCaught(UnparkBeforePublish::new);
    }

    @Test
    void shouldCatchAWorkerThatRaisesItsFlagAfterItsCheck() {
        assertCaught(LateWorkerFlag::new);
    }

    @Test
    void shouldCatchAKernelThatRaisesItsFlagAfterItsCheck() {
        assertCaught(LateWaiterFlag::new);
    }

    /** The model must fail the planted mailbox with a hang, not with some other error. */
    private static void assertCaught(Supplier<UserWorker.Mailbox> broken) {
        final LincheckAssertionError e = assertThrows(LincheckAssertionError.class,
                () -> check(broken), "the model checker missed the planted lost wake-up");
        assertTrue(e.getMessage().contains("= The execution has hung ="), e.getMessage());
    }

    /**
     * Runs the one scenario that matters, the kernel's round trips in one thread and the worker's
     * loop in the other, under the model checker. {@link SpinThenPark} is muted: a park called
     * from a muted section may not wake spuriously in Lincheck's model (by default it may, and
     * then a lost wake-up never shows). Lincheck matches a guarantee against the class's
     * canonical name ({@code Outer.Inner}, not {@code Outer$Inner}).
     */
    private static void check(Supplier<UserWorker.Mailbox> mailbox) throws NoSuchMethodException {
        final Actor kernel = new Actor(MailboxHandshakeLincheckTest.class.getMethod("kernel"),
                List.of(), false, false, false, false, false);
        final Actor worker = new Actor(MailboxHandshakeLincheckTest.class.getMethod("worker"),
                List.of(), false, false, false, false, false);
        make = mailbox;
        try {
            new ModelCheckingOptions()
                    .addGuarantee(ManagedStrategyGuaranteeKt.forClasses(
                            SpinThenPark.class.getCanonicalName()).allMethods().mute$lincheck())
                    .addCustomScenario(new ExecutionScenario(List.of(),
                            List.of(List.of(kernel), List.of(worker)), List.of(), null))
                    .iterations(0).invocationsPerIteration(INVOCATIONS * ITERATIONS)
                    .sequentialSpecification(Spec.class).check(MailboxHandshakeLincheckTest.class);
        } finally {
            make = MailboxHandshakeLincheckTest::real;
        }
    }

    /** The sequential specification: every reply is its own request's. */
    public static final class Spec {
        /** @return {@code sum(2v + 1)} for {@code v = 1..CALLS} */
        public int kernel() {
            int sum = 0;
            for (int v = 1; v <= CALLS; v++) {
                sum += 2 * v + 1;
            }
            return sum;
        }

        /** Serves. */
        public void worker() {
            // nothing to return
        }
    }

    /**
     * The runtime's back-off reduced to its two phases: {@link #SPINS} calls after a reset only
     * spin, then each call parks until unparked (no timeout: a lost wake-up is a hang).
     */
    static final class SpinThenPark implements IdleStrategy {
        private int calls;

        @Override
        public void idle(int workCount) {
            if (workCount > 0) {
                reset();
            } else {
                idle();
            }
        }

        @Override
        public void idle() {
            if (calls < SPINS) {
                calls++;
                Thread.onSpinWait();
            } else {
                LockSupport.park();
            }
        }

        @Override
        public void reset() {
            calls = 0;
        }
    }

    /** Planted bug: the kernel wakes a parked worker before the request is published. */
    static final class UnparkBeforePublish extends UserWorker.Mailbox {
        UnparkBeforePublish() {
            super(new SpinThenPark(), SPINS, () -> { });
        }

        @Override
        long post(IntSupplier next, Thread caller) {
            op = next;
            waiter = caller;
            if (workerParked) {
                LockSupport.unpark(thread);
            }
            final long seq = requestSeq + 1;
            requestSeq = seq;
            return seq;
        }
    }

    /** Planted bug: the worker checks for a request, then raises its flag and sleeps. */
    static final class LateWorkerFlag extends UserWorker.Mailbox {
        LateWorkerFlag() {
            super(new SpinThenPark(), SPINS, () -> { });
        }

        @Override
        void idleWorker(IdleStrategy wait) {
            if (requestSeq == seen && !stopped) {
                workerParked = true;
                wait.idle();
                workerParked = false;
            }
        }
    }

    /** Planted bug: the kernel checks for the reply, then raises its flag and sleeps. */
    static final class LateWaiterFlag extends UserWorker.Mailbox {
        LateWaiterFlag() {
            super(new SpinThenPark(), SPINS, () -> { });
        }

        @Override
        void idleWaiter(long seq, IdleStrategy wait, boolean mayPark) {
            if (!mayPark) {
                wait.idle();
            } else if (doneSeq != seq) {
                waiterParked = true;
                wait.idle();
                waiterParked = false;
            }
        }
    }
}
