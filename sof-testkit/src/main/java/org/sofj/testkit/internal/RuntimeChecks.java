package org.sofj.testkit.internal;

import java.util.ArrayList;
import java.util.List;

import org.sofj.api.audio.AudioFormat;
import org.sofj.runtime.InstanceReport;
import org.sofj.runtime.RuntimeEvent;
import org.sofj.runtime.ipc.ProcDomain;
import org.sofj.testkit.CapturedAudio;
import org.sofj.testkit.Check;
import org.sofj.testkit.CheckResult;
import org.sofj.testkit.Signals;

/**
 * The checks that run a module in the real runtime, host_in to module to host_out, in its
 * default domain (DP for a user module): reset cycles (d) and user mode (f). One run serves both:
 * {@value #SEGMENTS} segments of the same input, with RESET and the blobs set again between them.
 */
public final class RuntimeChecks {
    static final int SEGMENTS = 3;

    private RuntimeChecks() {
    }

    /**
     * @param plan       the module
     * @param resetCheck whether to report (d)
     * @param userCheck  whether to report (f)
     * @return the results asked for, (d) first
     */
    public static List<CheckResult> run(CheckPlan plan, boolean resetCheck, boolean userCheck) {
        final List<List<CapturedAudio>> outputs = new ArrayList<>();
        final List<InstanceReport> reports = new ArrayList<>();
        List<RuntimeEvent> events = List.of();
        String refused = null;
        try (GraphRun g = new GraphRun(spec(plan))) {
            for (int s = 0; s < SEGMENTS; s++) {
                if (s > 0) {
                    g.reset();
                }
                g.start();
                g.tick(plan.ticks());
                outputs.add(g.takeCaptures());
                reports.add(g.reports().get(0));
                events = g.events();
            }
        } catch (RuntimeException e) {
            refused = "the runtime refused or failed in segment " + (outputs.size() + 1) + " of "
                    + SEGMENTS + ": " + e.getMessage();
        }
        final List<CheckResult> out = new ArrayList<>();
        if (resetCheck) {
            out.add(reset(plan, outputs, reports, events, refused));
        }
        if (userCheck) {
            out.add(user(plan, outputs, reports, events, refused));
        }
        return out;
    }

    private static GraphSpec spec(CheckPlan plan) {
        final AudioFormat f = plan.format();
        final List<byte[]> inputs = new ArrayList<>();
        final int frames = plan.ticks() * plan.ibs() / f.frameBytes();
        for (int i = 0; i < plan.sources(); i++) {
            inputs.add(Stages.pad(Signals.whiteNoise(f, frames, 0.5, 1 + i), plan.ibs()));
        }
        return new GraphSpec(List.of(plan.stage()), f, inputs, plan.sinks(), plan.ticks());
    }

    private static CheckResult reset(CheckPlan plan, List<List<CapturedAudio>> outputs,
            List<InstanceReport> reports, List<RuntimeEvent> events, String refused) {
        final Findings f = new Findings(Check.RESET_CYCLES);
        if (refused != null) {
            f.add(refused);
        }
        faults(f, events);
        for (int s = 1; s < outputs.size(); s++) {
            for (int pin = 0; pin < plan.sinks(); pin++) {
                compare(f, s, pin, outputs.get(0).get(pin), outputs.get(s).get(pin));
            }
            final InstanceReport a = reports.get(0);
            final InstanceReport b = reports.get(s);
            if (b.liveAllocations() > a.liveAllocations() || b.heapUsed() > a.heapUsed()) {
                f.add("after reset " + s + " live allocations grew " + a.liveAllocations() + " -> "
                        + b.liveAllocations() + ", heap use " + a.heapUsed() + " -> "
                        + b.heapUsed() + " bytes");
            }
        }
        if (!outputs.isEmpty() && outputs.get(0).get(0).bytes().length == 0) {
            f.add("the first segment of " + plan.ticks() + " ticks produced no output on pin 0");
        }
        return f.result(SEGMENTS + " segments of " + plan.ticks() + " ticks (RUNNING, RESET, "
                + "RUNNING): identical output, no fault, no growth of allocations");
    }

    private static void compare(Findings f, int segment, int pin, CapturedAudio first,
            CapturedAudio again) {
        final byte[] a = first.bytes();
        final byte[] b = again.bytes();
        final int sampleBytes = first.format().sampleBytes();
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (a[i] != b[i]) {
                final int sample = i / sampleBytes;
                f.add("after reset " + segment + " output pin " + pin + " differs from the first "
                        + "run at sample " + sample + " (frame " + sample / first.format()
                        .channels() + "): reset() must return to the state after init");
                return;
            }
        }
        if (a.length != b.length) {
            f.add("after reset " + segment + " output pin " + pin + " has " + b.length
                    + " bytes, the first run " + a.length);
        }
    }

    private static void faults(Findings f, List<RuntimeEvent> events) {
        for (RuntimeEvent e : events) {
            if (e.kind().isFault()) {
                f.add(e.kind() + " at tick " + e.tick() + ": " + e.detail());
            }
        }
    }

    private static CheckResult user(CheckPlan plan, List<List<CapturedAudio>> outputs,
            List<InstanceReport> reports, List<RuntimeEvent> events, String refused) {
        if (!plan.description().userMode()) {
            return Findings.skipped(Check.USER_MODE, "kernel-mode module: its description "
                    + "says userMode=false");
        }
        final Findings f = new Findings(Check.USER_MODE);
        if (refused != null) {
            f.add(refused);
        }
        faults(f, events);
        for (InstanceReport r : reports) {
            if (!r.userMode() || r.domain() != ProcDomain.DP) {
                f.add("ran as " + (r.userMode() ? "user" : "kernel") + " " + r.domain()
                        + ", not user DP");
                break;
            }
            if (r.faulted()) {
                f.add("the instance is FAULTED");
                break;
            }
        }
        if (!outputs.isEmpty() && outputs.get(0).get(0).bytes().length == 0) {
            f.add("produced no output in " + plan.ticks() + " ticks");
        }
        return f.result("ran " + outputs.size() + " x " + plan.ticks() + " ticks as a user DP "
                + "module in its own domain without a fault, producing "
                + (outputs.isEmpty() ? 0 : outputs.get(0).get(0).bytes().length)
                + " bytes per segment");
    }
}
