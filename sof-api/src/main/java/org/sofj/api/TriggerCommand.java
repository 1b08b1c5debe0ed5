package org.sofj.api;

/** A pipeline trigger delivered to every module, SOF's {@code COMP_TRIGGER_*}. */
public enum TriggerCommand {
    /** Stop processing. */
    STOP,
    /** Start processing (from PRE_ACTIVE). */
    START,
    /** Pause (from ACTIVE). */
    PAUSE,
    /** Resume (from PAUSED via PRE_RELEASE). */
    RELEASE,
    /** Reset to READY; always allowed. */
    RESET,
    /** Prepare (from READY). */
    PREPARE,
    /** An xrun was detected. */
    XRUN,
    /** About to start. */
    PRE_START,
    /** About to release. */
    PRE_RELEASE
}
