package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The proxy mailbox (proxy variant A1) hands one request at a time from the kernel's IPC thread to
 * the user worker and the outcome back, linearizably: Lincheck's model checker explores the
 * interleavings of the two sides and its stress mode runs them on real threads, against
 * {@link Spec}, a one-slot mailbox. The kernel's operations ({@link #post}, {@link #collect})
 * share one non-parallel group and the worker's ({@link #serve}) another, so each side stays on
 * one thread, as in the runtime. The request is the real code's ({@link UserWorker.Mailbox#post},
 * {@link UserWorker.Mailbox#serveOne}, {@link UserWorker.Mailbox#isDone}); the waiting between the
 * steps, which {@link UserWorker#invoke} and {@link UserWorker.Mailbox#serve} do with the idle
 * strategy, is left out, so each operation returns at once. As in the runtime, the kernel posts
 * only when the previous request was collected.
 *
 * <p>The outcome a request computes is {@code 2 * v + 1} for a posted {@code v}, so an outcome
 * read before the worker's write was published, or credited to the wrong request, differs from
 * the specification's.
 *
 * <p>Runs on the class path (the {@code class-path} surefire execution): Lincheck rewrites the
 * bytecode of the classes under test, which the module system would need opened to it.
 * Iterations: {@code -Dsofj.lincheck.iterations=N} (the {@code stress} profile raises it).
 */
@Tag("class-path")
public class MailboxLincheckTest {
    private static final int ITERATIONS = Integer.getInteger("sofj.lincheck.iterations", 5);

    private final UserWorker.Mailbox box = new UserWorker.Mailbox(false, () -> { });
    /** The kernel's outstanding request, 0 when none; kernel thread only. */
    private long outstanding;

    /** A mailbox with no worker thread of its own: the test's two threads play both sides. */
    public MailboxLincheckTest() {
        // nothing else: each invocation gets a fresh mailbox
    }

    /**
     * The kernel posts a request computing {@code 2 * v + 1}.
     *
     * @param v the request's argument
     * @return whether it was posted (not while one is outstanding)
     */
    @Operation(nonParallelGroup = "kernel")
    public boolean post(int v) {
        if (outstanding != 0) {
            return false;
        }
        outstanding = box.post(() -> 2 * v + 1, Thread.currentThread());
        return true;
    }

    /** @return the outstanding request's outcome once it is done, else {@code null} */
    @Operation(nonParallelGroup = "kernel")
    public Integer collect() {
        if (outstanding == 0 || !box.isDone(outstanding)) {
            return null;
        }
        outstanding = 0;
        return box.status;
    }

    /** @return whether the worker found and ran a new request */
    @Operation(nonParallelGroup = "worker")
    public boolean serve() {
        return box.serveOne();
    }

    @Test
    void shouldHandOffOneRequestAtATimeUnderModelChecking() {
        assertDoesNotThrow(() -> new ModelCheckingOptions()
                .iterations(ITERATIONS).invocationsPerIteration(500)
                .threads(2).actorsPerThread(4).actorsBefore(1).actorsAfter(2)
                .sequentialSpecification(Spec.class).check(getClass()),
                "a history of the mailbox no one-slot mailbox explains");
    }

    @Test
    void shouldHandOffOneRequestAtATimeUnderStress() {
        assertDoesNotThrow(() -> new StressOptions()
                .iterations(ITERATIONS).invocationsPerIteration(200)
                .threads(2).actorsPerThread(4).actorsBefore(1).actorsAfter(2)
                .sequentialSpecification(Spec.class).check(getClass()),
                "a history of the mailbox no one-slot mailbox explains");
    }

    /** The sequential specification: one slot, posted, then served, then collected. */
    public static final class Spec {
        private Integer posted;
        private boolean served;

        /**
         * @param v the request's argument
         * @return whether it was posted
         */
        public boolean post(int v) {
            if (posted != null) {
                return false;
            }
            posted = v;
            served = false;
            return true;
        }

        /** @return the outcome once served, else {@code null} */
        public Integer collect() {
            if (posted == null || !served) {
                return null;
            }
            final int outcome = 2 * posted + 1;
            posted = null;
            return outcome;
        }

        /** @return whether a posted request was waiting to be served */
        public boolean serve() {
            if (posted == null || served) {
                return false;
            }
            served = true;
            return true;
        }
    }
}
