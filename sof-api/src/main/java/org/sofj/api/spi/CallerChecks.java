package org.sofj.api.spi;

/** What {@link SinkEndpoint#checkCaller} and {@link SourceEndpoint#checkCaller} share. */
final class CallerChecks {
    private CallerChecks() {
    }

    /**
     * Runs the check the kernel set, if any.
     *
     * @param check the check, or null for none
     */
    static void run(Runnable check) {
        if (check != null) {
            check.run();
        }
    }
}
