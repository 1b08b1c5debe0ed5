package org.sofj.api.spi;

/**
 * A task the LL scheduler runs once per tick on its core's thread, e.g. one module of a pipeline
 * (SOF's {@code module_adapter_copy}). Hot path: no allocation, no blocking.
 */
public interface LlTask {

    /** {@return a name for reports} */
    String name();

    /**
     * Runs one tick's work.
     *
     * @param tick the tick number since the scheduler started, from 0
     */
    void run(long tick);
}
