package org.sofj.mmu.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JMH executor ({@code -Djmh.executor=CUSTOM -Djmh.executor.class=...}) whose worker threads are
 * user threads of {@link BenchMemory#SYSTEM} in {@link BenchMemory#DOMAIN}: the benchmark methods
 * then run in user mode and every checked access pays the real MMU check.
 */
public final class UserThreadExecutor extends ThreadPoolExecutor {
    private static final AtomicInteger COUNT = new AtomicInteger();

    /**
     * JMH's required constructor.
     *
     * @param maxThreads the pool size
     * @param prefix     thread name prefix
     */
    public UserThreadExecutor(int maxThreads, String prefix) {
        super(maxThreads, maxThreads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
                r -> BenchMemory.SYSTEM.newUserThread(prefix + "-user-" + COUNT.incrementAndGet(),
                        BenchMemory.DOMAIN, 64 * 1024, r));
    }
}
