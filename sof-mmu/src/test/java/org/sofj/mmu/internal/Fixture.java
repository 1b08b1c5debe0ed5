package org.sofj.mmu.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.sofj.api.spi.MemoryDomain;
import org.sofj.api.spi.MemoryLayout;

/** A memory system plus a way to run code on a user thread and get its outcome. */
final class Fixture implements AutoCloseable {
    /** Bound on every wait for a user thread: generous, never reached by a passing test. */
    static final long JOIN_TIMEOUT_SECONDS = 30;

    final MmuMemorySystem system = new MmuMemorySystem(MemoryLayout.defaults());

    /** The outcome of code run on a user thread: its value or what it threw. */
    record Outcome<T>(T value, Throwable error) {
        boolean faulted() {
            return error instanceof org.sofj.api.MemoryFault;
        }
    }

    <T> Outcome<T> asUser(MemoryDomain domain, Supplier<T> body) {
        final AtomicReference<Outcome<T>> result = new AtomicReference<>();
        final Thread t = system.newUserThread("user-" + domain.name(), domain, 4096, () -> {
            try {
                result.set(new Outcome<>(body.get(), null));
            } catch (Throwable e) {
                result.set(new Outcome<>(null, e));
            }
        });
        t.start();
        join(t);
        return result.get();
    }

    Outcome<Void> asUser(MemoryDomain domain, Runnable body) {
        return asUser(domain, () -> {
            body.run();
            return null;
        });
    }

    static void join(Thread t) {
        try {
            t.join(TimeUnit.SECONDS.toMillis(JOIN_TIMEOUT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertFalse(t.isAlive(), t.getName() + " did not finish");
    }

    @Override
    public void close() {
        system.close();
    }
}
