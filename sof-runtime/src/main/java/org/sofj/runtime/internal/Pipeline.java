package org.sofj.runtime.internal;

import java.util.ArrayList;
import java.util.List;


/**
 * A pipeline: its instances and its state. The LL task that runs it reads {@link #order}, an
 * array replaced (never mutated) whenever instances or connections change.
 */
final class Pipeline {
    /**
     * SOF's pipeline status values ({@code COMP_STATE_*}) that a pipeline takes. PREPARE lasts
     * from the prepare phase of a RUNNING request to its trigger phase; it outlives the request
     * only when a multi-pipeline request failed after preparing this pipeline.
     */
    enum Status { INIT, READY, PREPARE, ACTIVE, PAUSED }

    final int id;
    final int core;
    final List<Component> components = new ArrayList<>();
    volatile Component[] order = new Component[0];
    /**
     * SOF's {@code pipeline->status}: INIT from CREATE_PIPELINE until a RESET or PAUSED completes
     * it, then READY, PREPARE, ACTIVE or PAUSED. The LL task processes only an ACTIVE pipeline.
     */
    volatile Status status = Status.INIT;
    /** SOF's {@code expect_eos}: set by EOS on an ACTIVE pipeline, cleared by any other state. */
    boolean expectEos;
    /** Its LL work ({@link PipelineTask}), registered with the scheduler while it exists. */
    org.sofj.api.spi.LlTask task;

    Pipeline(int id, int core) {
        this.id = id;
        this.core = core;
    }

    /**
     * Orders the instances producers first (a topological order of the connections inside the
     * pipeline; creation order breaks ties), as SOF's pipeline walk visits them.
     */
    void reorder() {
        final List<Component> left = new ArrayList<>(components);
        final List<Component> sorted = new ArrayList<>();
        while (!left.isEmpty()) {
            Component next = null;
            for (Component c : left) {
                if (noPendingProducer(c, left)) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                next = left.get(0); // a cycle: keep creation order
            }
            left.remove(next);
            sorted.add(next);
        }
        order = sorted.toArray(new Component[0]);
    }

    private static boolean noPendingProducer(Component c, List<Component> left) {
        for (Connection in : c.inputs) {
            if (in.source != c && left.contains(in.source)) {
                return false;
            }
        }
        return true;
    }
}
