package org.sofj.testkit.internal;

import org.sofj.api.Errno;
import org.sofj.testkit.Check;
import org.sofj.testkit.CheckResult;

/**
 * (e) IBS/OBS: exactly IBS in and OBS out per call in steady state (with twice as much on offer,
 * so taking "all there is" shows); {@code -ENODATA} and nothing moved with one frame less than
 * IBS on source 0; {@code -ENOSPC} and nothing moved with one frame less than OBS free on sink 0.
 */
public final class IbsObsCheck {
    private static final int STEADY_CALLS = 3;

    private IbsObsCheck() {
    }

    /**
     * @param plan the module
     * @return the result
     */
    public static CheckResult run(CheckPlan plan) {
        try (DirectRun r = new DirectRun(plan)) {
            final Findings f = new Findings(Check.IBS_OBS);
            final int frame = plan.format().frameBytes();
            for (int call = 0; call < STEADY_CALLS; call++) {
                offer(r, 2 * plan.ibs(), -1);
                expect(r, f, "steady call " + call + " (2*IBS available, 2*OBS free)", 0,
                        plan.ibs(), plan.obs());
            }
            if (plan.sources() > 0) {
                offer(r, 2 * plan.ibs(), Math.max(0, plan.ibs() - frame));
                expect(r, f, "source 0 holding IBS-1 frame (" + Math.max(0, plan.ibs() - frame)
                        + " bytes)", -Errno.ENODATA, 0, 0);
            }
            offer(r, 2 * plan.ibs(), -1);
            r.out[0].produceFast(r.out[0].free() - Math.max(0, plan.obs() - frame));
            expect(r, f, "sink 0 with OBS-1 frame free (" + r.out[0].free() + " bytes)",
                    -Errno.ENOSPC, 0, 0);
            return f.result("steady state moves IBS=" + plan.ibs() + " in and OBS=" + plan.obs()
                    + " out per call" + (plan.sources() > 0 ? "; -ENODATA below IBS" : "")
                    + "; -ENOSPC below OBS; nothing moved when refusing");
        } catch (DirectRun.SetupFailure e) {
            return Findings.failed(Check.IBS_OBS, "setup outside the runtime failed: "
                    + e.getMessage());
        } catch (RuntimeException e) {
            return Findings.failed(Check.IBS_OBS, "the module threw " + e);
        }
    }

    /** Every source holds {@code bytes} (source 0 {@code first} if not -1); every sink empty. */
    private static void offer(DirectRun r, int bytes, int first) {
        for (int i = 0; i < r.in.length; i++) {
            r.in[i].clear();
            r.in[i].produce(i == 0 && first >= 0 ? first : bytes);
        }
        for (RecordingRing out : r.out) {
            out.clear();
        }
    }

    private static void expect(DirectRun r, Findings f, String when, int rcWanted, int in, int out) {
        final long[] consumed = new long[r.in.length];
        for (int i = 0; i < r.in.length; i++) {
            consumed[i] = r.in[i].consumed();
        }
        final long[] produced = new long[r.out.length];
        for (int i = 0; i < r.out.length; i++) {
            produced[i] = r.out[i].produced();
        }
        final int rc = r.module.process(r.sources, r.sinks);
        if (rc != rcWanted) {
            f.add(when + ": returned " + Errno.name(rc) + ", expected " + Errno.name(rcWanted));
        }
        for (int i = 0; i < r.in.length; i++) {
            final long took = r.in[i].consumed() - consumed[i];
            if (took != in) {
                f.add(when + ": consumed " + took + " bytes of source " + i + ", expected " + in);
            }
            r.in[i].sourceEnd.clearRequest();
        }
        for (int i = 0; i < r.out.length; i++) {
            final long gave = r.out[i].produced() - produced[i];
            if (gave != out) {
                f.add(when + ": produced " + gave + " bytes into sink " + i + ", expected " + out);
            }
            r.out[i].sinkEnd.clearRequest();
        }
    }
}
