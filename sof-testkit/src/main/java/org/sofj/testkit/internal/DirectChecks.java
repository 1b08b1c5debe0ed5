package org.sofj.testkit.internal;

import java.lang.management.ManagementFactory;
import java.util.List;

import org.sofj.api.Errno;
import org.sofj.api.memory.Allocation;
import org.sofj.testkit.Check;
import org.sofj.testkit.CheckResult;

/**
 * The checks that run a module directly on recording sinks and sources: the sink/source
 * contract (a), no allocation in {@code process} (b), no leak after {@code free} (c) and IBS/OBS
 * (e). Each check uses a fresh {@link DirectRun}, so one failure does not colour another.
 */
public final class DirectChecks {
    private static final int WARM_UP = 3000;
    private static final int ROUND_CALLS = 1000;
    private static final int ROUNDS = 5;

    private DirectChecks() {
    }

    /** Runs a check body; a failed setup or a throw is the check's failure. */
    private interface Body {
        CheckResult run(DirectRun r);
    }

    private static CheckResult guarded(Check check, CheckPlan plan, Body body) {
        try (DirectRun r = new DirectRun(plan)) {
            return body.run(r);
        } catch (DirectRun.SetupFailure e) {
            return Findings.failed(check, "setup outside the runtime failed: " + e.getMessage());
        } catch (RuntimeException | Error e) {
            if (e instanceof AssertionError) {
                throw e;
            }
            return Findings.failed(check, "the module threw " + e);
        }
    }

    /**
     * (a) The sink/source contract over {@code calls} process calls, with starved sources
     * every 7th call and an undrained sink every 11th.
     *
     * @param plan the module
     * @return the result
     */
    public static CheckResult contract(CheckPlan plan) {
        return guarded(Check.SINK_SOURCE_CONTRACT, plan, r -> {
            final Findings f = new Findings(Check.SINK_SOURCE_CONTRACT);
            for (int call = 0; call < plan.calls(); call++) {
                for (RecordingRing in : r.in) {
                    if (call % 7 != 6 && in.free() >= plan.ibs()) {
                        in.produce(plan.ibs());
                    }
                }
                final int[] available = new int[r.in.length];
                final long[] consumed = new long[r.in.length];
                for (int i = 0; i < r.in.length; i++) {
                    available[i] = r.in[i].available();
                    consumed[i] = r.in[i].consumed();
                }
                final int[] free = new int[r.out.length];
                final long[] produced = new long[r.out.length];
                for (int i = 0; i < r.out.length; i++) {
                    free[i] = r.out[i].free();
                    produced[i] = r.out[i].produced();
                }
                final int rc;
                try {
                    rc = r.module.process(r.sources, r.sinks);
                } catch (RuntimeException e) {
                    f.add("call " + call + " threw " + e);
                    break;
                }
                if (rc != 0 && rc != -Errno.ENODATA && rc != -Errno.ENOSPC
                        && !plan.allowedReturns().contains(rc)) {
                    f.add("call " + call + " returned " + Errno.name(rc) + " (allowed: 0, "
                            + "-ENODATA, -ENOSPC" + allowed(plan) + ")");
                }
                for (int i = 0; i < r.in.length; i++) {
                    final int held = r.sources[i].requestedReadSize();
                    if (held != 0) {
                        f.add("call " + call + " returned holding " + held + " bytes of source "
                                + i + " (getData without releaseData)");
                        r.in[i].sourceEnd.clearRequest();
                    }
                    final long took = r.in[i].consumed() - consumed[i];
                    if (took > available[i]) {
                        f.add("call " + call + " consumed " + took + " bytes of source " + i
                                + " but only " + available[i] + " were available");
                    }
                }
                for (int i = 0; i < r.out.length; i++) {
                    final int held = r.sinks[i].requestedWriteSize();
                    if (held != 0) {
                        f.add("call " + call + " returned holding " + held + " bytes of sink "
                                + i + " (getBuffer without commitBuffer)");
                        r.out[i].sinkEnd.clearRequest();
                    }
                    final long gave = r.out[i].produced() - produced[i];
                    if (gave > free[i]) {
                        f.add("call " + call + " produced " + gave + " bytes into sink " + i
                                + " but only " + free[i] + " were free");
                    }
                    if (call % 11 != 10) {
                        r.out[i].clear();
                    }
                }
            }
            return f.result(plan.calls() + " process calls (starved every 7th, sink undrained "
                    + "every 11th): nothing held on return, nothing over-consumed or "
                    + "over-produced, only allowed return codes");
        });
    }

    private static String allowed(CheckPlan plan) {
        final StringBuilder b = new StringBuilder();
        for (int code : plan.allowedReturns()) {
            b.append(", ").append(Errno.name(code));
        }
        return b.toString();
    }

    /**
     * (b) Allocated bytes over {@value #ROUND_CALLS} warm calls, smallest of {@value #ROUNDS}
     * rounds after {@value #WARM_UP} warm-up calls.
     *
     * @param plan the module
     * @return the result
     */
    public static CheckResult noAllocation(CheckPlan plan) {
        final java.lang.management.ThreadMXBean plain = ManagementFactory.getThreadMXBean();
        if (!(plain instanceof com.sun.management.ThreadMXBean)
                || !((com.sun.management.ThreadMXBean) plain).isThreadAllocatedMemoryEnabled()) {
            return Findings.skipped(Check.NO_ALLOCATION_IN_PROCESS, "this JVM does not count "
                    + "allocated bytes per thread");
        }
        final com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) plain;
        return guarded(Check.NO_ALLOCATION_IN_PROCESS, plan, r -> {
            steady(r, WARM_UP);
            long smallest = Long.MAX_VALUE;
            for (int round = 0; round < ROUNDS && smallest != 0; round++) {
                final long before = bean.getCurrentThreadAllocatedBytes();
                steady(r, ROUND_CALLS);
                smallest = Math.min(smallest, bean.getCurrentThreadAllocatedBytes() - before);
            }
            if (smallest != 0) {
                return Findings.failed(Check.NO_ALLOCATION_IN_PROCESS, "process allocated "
                        + smallest + " bytes over " + ROUND_CALLS + " calls (about "
                        + Math.max(1, smallest / ROUND_CALLS) + " per call; the smallest of "
                        + ROUNDS + " rounds after " + WARM_UP + " warm-up calls): allocate in "
                        + "init or prepare, keep AudioRegions as fields, avoid boxing, varargs, "
                        + "iterators, lambdas and string concatenation");
            }
            return new CheckResult(Check.NO_ALLOCATION_IN_PROCESS, CheckResult.Status.PASSED,
                    "0 bytes over " + ROUND_CALLS + " warm calls");
        });
    }

    /** Steady state without data movement by the test: IBS in, everything out. Allocates nothing. */
    private static void steady(DirectRun r, int calls) {
        final int ibs = r.plan.ibs();
        final RecordingRing[] in = r.in;
        final RecordingRing[] out = r.out;
        for (int c = 0; c < calls; c++) {
            for (int i = 0; i < in.length; i++) {
                if (in[i].free() >= ibs) {
                    in[i].produceFast(ibs);
                }
            }
            r.module.process(r.sources, r.sinks);
            for (int i = 0; i < out.length; i++) {
                out[i].clear();
            }
        }
    }

    /**
     * (c) What the instance holds after STOP, reset and {@code free}.
     *
     * @param plan the module
     * @return the result
     */
    public static CheckResult leaks(CheckPlan plan) {
        return guarded(Check.FREES_EVERYTHING, plan, r -> {
            steady(r, Math.max(10, plan.calls() / 4));
            final List<Allocation> leaks = r.teardown();
            if (leaks.isEmpty()) {
                return new CheckResult(Check.FREES_EVERYTHING, CheckResult.Status.PASSED,
                        "nothing left allocated after free()");
            }
            final StringBuilder b = new StringBuilder("after free() the instance still holds "
                    + leaks.size() + " allocation(s):");
            for (Allocation a : leaks) {
                b.append(" [").append(a.kind()).append(" 0x").append(Long.toHexString(a.address()))
                        .append(' ').append(a.size()).append(" bytes]");
            }
            return Findings.failed(Check.FREES_EVERYTHING, b.append("; free or fastPut each in "
                    + "free()").toString());
        });
    }
}
