package org.sofj.cli.internal;

import java.lang.management.ManagementFactory;

import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Whether HotSpot's JIT compilers have work under way or waiting, read from the
 * {@code Compiler.queue} diagnostic command (what {@code jcmd <pid> Compiler.queue} prints), so a
 * benchmark's warm-up can run until the code it is about to time is compiled.
 *
 * <p>Why the benches need it (docs/BENCHMARKS.md, "Why one trial in three was slow"): on a
 * 2-CPU machine HotSpot has one C2 compiler thread. Each bench trial opens a fresh session, whose
 * library load runs ASM's {@code ClassReader.readCode} (5,117 bytes of bytecode); when its
 * counters cross C2's thresholds during a trial, C2 spends 0.35-0.5 s on it, and the trial's
 * fresh module classes, queued behind it, run their C1 code through the whole fixed warm-up and
 * the timed rounds: that trial read 1.1-1.45x slower.
 */
final class JitQueue {
    private static final String DCMD = "com.sun.management:type=DiagnosticCommand";

    private JitQueue() {
    }

    /**
     * @return the JVM's compile queue listing, or null where the JVM has no such command (not
     *     HotSpot, or the command is refused)
     */
    static String listing() {
        try {
            final Object out = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName(DCMD), "compilerQueue", new Object[] {new String[0]},
                    new String[] {String[].class.getName()});
            return out instanceof String s ? s : null;
        } catch (JMException | RuntimeException e) {
            return null;
        }
    }

    /**
     * @return true when no compile is under way or queued, or when the JVM cannot say (so a
     *     caller waiting for an idle JIT falls back to its fixed warm-up)
     */
    static boolean idle() {
        final String l = listing();
        return l == null || idle(l);
    }

    /**
     * @param listing a {@code Compiler.queue} listing: a "Current compiles:" section with one line
     *                per compile under way, then each compiler's queue, one line per waiting
     *                compile or "Empty"
     * @return true if it lists no compile under way or waiting; true as well for a listing of
     *     another form (nothing to wait for that could be recognised)
     */
    static boolean idle(String listing) {
        if (!listing.contains("Current compiles:")) {
            return true;
        }
        return listing.lines().map(String::strip).allMatch(l -> l.isEmpty()
                || l.equals("Empty") || l.equals("Current compiles:")
                || l.endsWith("compile queue:"));
    }
}
