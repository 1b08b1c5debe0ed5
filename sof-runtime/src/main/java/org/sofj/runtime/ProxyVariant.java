package org.sofj.runtime;

/** How control calls reach a user module (spec 0, 4.5, 4.6). */
public enum ProxyVariant {
    /**
     * A1, SOF's default: one shared user worker thread, refcounted by live user instances and
     * moved into the target instance's domain before each request.
     */
    SHARED_WORKER,
    /**
     * A2: each user instance's own DP thread handles its IPC, serialised with {@code process};
     * no shared worker exists and the DP thread lives from init to delete (spec 4.6). A call that
     * waits for a long {@code process} times out like any other.
     */
    DP_THREAD
}
