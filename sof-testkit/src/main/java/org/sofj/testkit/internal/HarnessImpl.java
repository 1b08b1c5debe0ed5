package org.sofj.testkit.internal;

import org.sofj.testkit.HarnessResult;
import org.sofj.testkit.ModuleHarness;

/** The {@link ModuleHarness} a builder returns: one {@link GraphRun} per {@link #run()}. */
public final class HarnessImpl implements ModuleHarness {
    private final GraphSpec spec;

    /** @param spec the validated graph */
    public HarnessImpl(GraphSpec spec) {
        this.spec = spec;
    }

    @Override
    public HarnessResult run() {
        try (GraphRun g = new GraphRun(spec)) {
            g.start();
            g.tick(spec.ticks());
            return new HarnessResult(g.takeCaptures(), g.reports(), g.events(), spec.ticks());
        }
    }
}
