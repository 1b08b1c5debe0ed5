package org.sofj.runtime.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Threshold;

/**
 * sofj's JFR events (docs/jfr.md): proxied calls, LL ticks and module process calls with real
 * durations; faults, DP deadline misses and xruns as instants. Each hot-path site first asks its
 * {@link jdk.jfr.EventType#isEnabled()}, so without a recording an event costs one branch and
 * allocates nothing.
 */
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

    /** One {@code process} call of one module instance, on its LL or DP thread. */
    @Name("org.sofj.ModuleProcess")
    @Label("Module Process")
    @Category({"sofj", "Scheduler"})
    @Description("One process call of a module instance; only calls longer than the threshold "
            + "(default 100 us) are recorded")
    @Threshold("100 us")
    static final class ModuleProcess extends Event {
        @Label("Component Id")
        int componentId;
        @Label("Module")
        String module;
        @Label("Pipeline Id")
        int pipelineId;
        @Label("Domain")
        String domain;
        @Label("User Mode")
        boolean userMode;
    }

    /** A DP instance finished a run after its deadline. */
    @Name("org.sofj.DeadlineMiss")
    @Label("DP Deadline Miss")
    @Category({"sofj", "Scheduler"})
    @Description("A DP instance's run ended after its deadline; seen by the LL tick that syncs it")
    static final class DeadlineMiss extends Event {
        @Label("Component Id")
        int componentId;
        @Label("Module")
        String module;
        @Label("Tick")
        long tick;
        @Label("New Misses")
        long misses;
        @Label("Total Misses")
        long total;
    }

    /** A buffer of an instance ran out of data or space during a tick. */
    @Name("org.sofj.Xrun")
    @Label("Xrun")
    @Category({"sofj", "Scheduler"})
    @Description("Underruns on an instance's inputs or overruns on its outputs counted during "
            + "one LL tick of its pipeline")
    static final class Xrun extends Event {
        @Label("Component Id")
        int componentId;
        @Label("Module")
        String module;
        @Label("Pipeline Id")
        int pipelineId;
        @Label("Tick")
        long tick;
        @Label("New Xruns")
        long xruns;
        @Label("Total Xruns")
        long total;
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
