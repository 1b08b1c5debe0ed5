package org.sofj.runtime.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** sofj's JFR events: proxied calls, faults and LL ticks. */
final class Events {
    private Events() {
    }

    /** One proxied control call into a user module. */
    @Name("org.sofj.ProxyCall")
    @Label("Proxy Call")
    @Category({"sofj", "Proxy"})
    @Description("A control operation forwarded to a user module's domain")
    static final class ProxyCall extends Event {
        @Label("Component Id")
        int componentId;
        @Label("Operation")
        String operation;
        @Label("Status")
        int status;
    }

    /** A contained fault. */
    @Name("org.sofj.Fault")
    @Label("Module Fault")
    @Category({"sofj", "Faults"})
    @Description("A module instance was FAULTED and isolated")
    static final class Fault extends Event {
        @Label("Component Id")
        int componentId;
        @Label("Kind")
        String kind;
        @Label("Detail")
        String detail;
    }

    /** One LL tick of one pipeline; emitted only while a recording enables it. */
    @Name("org.sofj.Tick")
    @Label("Pipeline Tick")
    @Category({"sofj", "Scheduler"})
    @Description("The LL work of one pipeline in one tick")
    static final class Tick extends Event {
        @Label("Pipeline Id")
        int pipelineId;
        @Label("Tick")
        long tick;
    }
}
