package org.sofj.runtime;

/** How control calls reach a user module (spec 0, 4.5, 4.6). */
public enum ProxyVariant {
    /**
     * A1, SOF's default: one shared user worker thread, refcounted by live user instances and
     * moved into the target instance's domain before each request.
     */
    SHARED_WORKER
}
