package org.sofj.bench.llext;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * A library load and its floor by the CPU time of the calling thread, as a shared machine allows
 * (JMH's wall-clock errors there are larger than the means): {@link LibraryLoadBench}'s
 * operations and each {@link LibraryLoadStepsBench} step, each called in rounds, taking turns, the
 * median round of each. Every operation runs on the calling thread; the GC's threads are not
 * counted, for the load or the floor. Prints the goal of issue 16 item 4 (a library load at most
 * 3 times the plain layer without Ed25519) for both kinds of load on one line each: a first load
 * less Ed25519 alone, and a cached re-load (which runs no Ed25519), over the plain layer; then
 * the same over the nearer floors, the plain layer with the plugin's classes defined
 * ({@code plainLayerWithClasses}, what a first load must define) and with its providers made
 * ({@code plainLayerWithProviders}); and what Ed25519 costs beside a layer definition
 * ({@code ed25519+plainLayer} less both alone), which the subtraction of Ed25519 alone leaves in
 * the first load's ratio.
 */
public final class LibraryLoadCpu {
    private static final List<String> STEPS = List.of("container", "signedMessage", "ed25519",
            "manifests", "pluginJar", "hash", "agreement", "linkCheck");

    private LibraryLoadCpu() {
    }

    private static String verdict(double ratio) {
        return ratio <= 3 ? "met" : "missed";
    }

    /**
     * @param args {@code [rounds [calls per round [warm-up rounds]]]}, default {@code 9 100 2}.
     *     A first load runs so much code (Ed25519, the zip and TOML readers, ASM, the module
     *     system) that the JIT is still compiling it after a few thousand loads; more warm-up
     *     rounds time it nearer its compiled steady state
     * @throws Exception if the library cannot be made or loaded
     */
    public static void main(String[] args) throws Exception {
        final int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        final int calls = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        final int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        if (rounds < 1 || calls < 1 || warmUp < 0) {
            throw new IllegalArgumentException("rounds=" + rounds + ", calls=" + calls
                    + ", warm-up rounds=" + warmUp + ": rounds and calls must be at least 1, "
                    + "warm-up rounds at least 0");
        }
        final LibraryLoadBench b = new LibraryLoadBench();
        b.setUp();
        final Map<String, IntSupplier> ops = new LinkedHashMap<>();
        ops.put("loadVerified", b::loadVerified);
        ops.put("load", b::load);
        ops.put("plainLayer", () -> b.plainLayer().modules().size());
        ops.put("plainLayerWithClasses", () -> {
            try {
                return b.plainLayerWithClasses();
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        });
        ops.put("plainLayerWithProviders", b::plainLayerWithProviders);
        final List<LibraryLoadStepsBench> steps = new java.util.ArrayList<>();
        for (String s : STEPS) {
            final LibraryLoadStepsBench step = new LibraryLoadStepsBench();
            step.step = s;
            step.setUp();
            steps.add(step);
            ops.put(s, step::step);
        }
        // Ed25519 and the floor in one call: what the signature check costs beside a layer
        // definition, as it runs inside a load, against the two alone
        final IntSupplier ed25519 = ops.get("ed25519");
        ops.put("ed25519+plainLayer", () -> ed25519.getAsInt() + b.plainLayer().modules().size());
        try {
            final Map<String, long[]> times = new LinkedHashMap<>();
            for (String op : ops.keySet()) {
                times.put(op, new long[rounds]);
            }
            final ThreadMXBean t = ManagementFactory.getThreadMXBean();
            int sink = 0;
            for (int r = -warmUp; r < rounds; r++) { // untimed warm-up rounds first
                for (Map.Entry<String, IntSupplier> e : ops.entrySet()) {
                    final long c0 = t.getCurrentThreadCpuTime();
                    for (int i = 0; i < calls; i++) {
                        sink += e.getValue().getAsInt();
                    }
                    if (r >= 0) {
                        times.get(e.getKey())[r] = t.getCurrentThreadCpuTime() - c0;
                    }
                }
            }
            System.out.printf(Locale.ROOT, "load average %.2f; %d rounds of %d calls after %d "
                    + "warm-up rounds, median round, us of CPU per call (check %d)%n",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), rounds,
                    calls, warmUp, sink);
            final Map<String, Double> us = new LinkedHashMap<>();
            for (Map.Entry<String, long[]> e : times.entrySet()) {
                final long[] v = e.getValue().clone();
                Arrays.sort(v);
                us.put(e.getKey(), v[v.length / 2] / 1e3 / calls);
                System.out.printf(Locale.ROOT, "%-24s %9.1f  (min %.1f)%n", e.getKey(),
                        us.get(e.getKey()), v[0] / 1e3 / calls);
            }
            final double first = us.get("loadVerified");
            final double ed = us.get("ed25519");
            final double plain = us.get("plainLayer");
            final double withProviders = us.get("plainLayerWithProviders");
            final double withClasses = us.get("plainLayerWithClasses");
            final double again = us.get("load");
            System.out.printf(Locale.ROOT, "goal, a load <= 3x the plain layer without Ed25519: "
                    + "first load %.2fx (%s), cached re-load %.2fx (%s)%n", (first - ed) / plain,
                    verdict((first - ed) / plain), again / plain, verdict(again / plain));
            System.out.printf(Locale.ROOT, "first load / plain layer with Ed25519: %.2fx%n",
                    first / plain);
            System.out.printf(Locale.ROOT, "over the plain layer with its classes defined: "
                    + "first load %.2fx, without Ed25519 %.2fx; cached re-load %.2fx%n",
                    first / withClasses, (first - ed) / withClasses, again / withClasses);
            System.out.printf(Locale.ROOT, "over the plain layer with its providers made: first "
                    + "load %.2fx, without Ed25519 %.2fx; cached re-load %.2fx%n",
                    first / withProviders, (first - ed) / withProviders, again / withProviders);
            System.out.printf(Locale.ROOT, "Ed25519 beside a plain layer costs %.1f us more "
                    + "than the two alone; first load less that pair, over the plain layer: "
                    + "%.2fx%n", us.get("ed25519+plainLayer") - ed - plain,
                    (first - us.get("ed25519+plainLayer") + plain) / plain);
        } finally {
            for (LibraryLoadStepsBench s : steps) {
                s.tearDown();
            }
            b.tearDown();
        }
    }
}
