package org.sofj.api;

/** A module's processing mode, SOF's {@code enum module_processing_mode}. */
public enum ProcessingMode {
    /** 0: the module processes. */
    NORMAL,
    /** 1: the module passes audio through unchanged. */
    BYPASS
}
