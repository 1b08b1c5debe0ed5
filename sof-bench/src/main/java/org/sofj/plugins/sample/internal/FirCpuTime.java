package org.sofj.plugins.sample.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Random;

/**
 * The FIR engine's cost per 48-frame stereo block in CPU time of the calling thread, not wall
 * time: on a machine shared with other work JMH's wall-clock averages mostly measure waiting for a
 * CPU, while this stays comparable between runs. Random taps at an eighth of full scale, input
 * made fresh each block (its making is counted too). Prints one line per round of 100,000
 * blocks; the last rounds are the warm ones.
 *
 * <pre>
 * java -cp sof-bench/target/benchmarks.jar org.sofj.plugins.sample.internal.FirCpuTime 1024
 * </pre>
 */
public final class FirCpuTime {
    private FirCpuTime() {
    }

    /**
     * @param args the number of taps (default 1024)
     */
    public static void main(String[] args) {
        final int taps = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        final Random rnd = new Random(1);
        final int[] h = new int[taps];
        for (int k = 0; k < taps; k++) {
            h[k] = rnd.nextInt() >> 3;
        }
        final PartitionedConvolution engine = new PartitionedConvolution(taps, 48, 1);
        engine.setTaps(h, 1.0 / Samples.Q31);
        final double[] l = new double[48];
        final double[] r = new double[48];
        double sink = 0;
        final int blocks = 100_000;
        for (int round = 0; round < 8; round++) {
            final long t0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < blocks; i++) {
                for (int f = 0; f < 48; f++) {
                    l[f] = (f * 7919 + i) % 65536 * 30000.0;
                    r[f] = -l[f];
                }
                engine.process(0, l, r);
                sink += l[3];
            }
            final long t1 = mx.getCurrentThreadCpuTime();
            System.out.printf("taps=%d round %d: %.0f ns of CPU per block%n", taps, round,
                    (t1 - t0) / (double) blocks);
        }
        System.out.println("(checksum " + sink + ")");
    }
}
