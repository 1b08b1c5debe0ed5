package org.sofj.runtime;

import java.util.Objects;

/**
 * Something the runtime reports: a contained fault, an xrun, or what the kernel did about a
 * FAULTED instance's thread that its call still holds.
 *
 * @param kind        what happened
 * @param componentId the instance concerned
 * @param pipelineId  its pipeline
 * @param tick        the LL tick at which it was seen
 * @param detail      a sentence naming the cause, e.g. the memory fault's message
 */
public record RuntimeEvent(Kind kind, int componentId, int pipelineId, long tick, String detail) {

    /** Kinds of events. */
    public enum Kind {
        /** A module touched memory its domain does not allow. */
        MEMORY_FAULT,
        /** A module operation threw. */
        EXCEPTION,
        /** A proxied call did not complete within the timeout; it was cancelled. */
        TIMEOUT,
        /** A DP module missed its deadline more often than its budget allows. */
        DEADLINE,
        /** A module thread stayed busy past the watchdog's limit. */
        HANG,
        /** A buffer ran out of data (underrun) or space (overrun). */
        XRUN,
        /**
         * Not a fault of its own: a FAULTED instance's call still held its thread a hold limit
         * after its preemption was requested, and this says what the kernel did about the thread
         * (abandoned it and went on with a new one, or waits for the call). The instance's fault
         * is its own event, before this one.
         */
        STUCK_THREAD;

        /** {@return whether an event of this kind is a fault of its instance (its FAULTED cause)} */
        public boolean isFault() {
            return this != XRUN && this != STUCK_THREAD;
        }
    }

    /**
     * Validates.
     *
     * @param kind what happened
     * @param componentId the instance concerned
     * @param pipelineId its pipeline
     * @param tick the LL tick at which it was seen
     * @param detail a sentence naming the cause, e.g. the memory fault's message
     * @throws NullPointerException if {@code kind} or {@code detail} is null
     */
    public RuntimeEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }
}
