package org.sofj.runtime;

/** How audio buffers between modules are made visible to user modules' domains. */
public enum SharingPolicy {
    /**
     * The default: a buffer's pages are granted only to the domains of the modules it connects,
     * page-aligned and page-sized so no other buffer shares a page with it (SOF reviewers'
     * "share only the minimum").
     */
    LEAST_PRIVILEGE,
    /**
     * SOF's behaviour: the one shared buffer heap is mapped into every user domain, so any user
     * module can read and write any ring buffer (spec 3.7, 11 item 2).
     */
    SOF_COMPATIBLE
}
