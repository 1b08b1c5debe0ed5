package org.sofj.llext.internal.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.objectweb.asm.Opcodes;
import org.sofj.llext.internal.load.PreemptionPointsTest.Rewriting;

/**
 * Strip-mining ({@link StripMining}) changes nothing a loop computes: the counted loops
 * {@link BoundedLoops} leaves without a check on their back edge ({@link CountedLoops} of many
 * steps and offsets, {@link StripLoops} as javac makes them), run as made and as rewritten over
 * many ranges near the ends of {@code int}, empty, wrapping, and ending by an exception, return
 * or throw the same, counter after the loop included. That such a loop is taken back within a
 * chunk of its request: {@link PreemptionPointsTest}.
 */
final class StripMiningTest {
    private static final int CASES = 1_000;

    @ParameterizedTest(name = "step {0}, offset {1}, bound expression {2}")
    @CsvSource({"1, 0, false", "3, 0, false", "7, 5, true", "1, -9, true", "5, -1, false",
        "255, 0, true", "32767, 0, false", "32767, 3, false"})
    void shouldComputeWhatTheOriginalLoopComputes(int step, int offset, boolean expression)
            throws Exception {
        final byte[] original = CountedLoops.make(step, offset, expression);
        final byte[] rewritten = PreemptionPoints.insert(original);
        assertEquals(0, PreemptionPointsTest.checkedLoops(rewritten, "run"));
        assertEquals(2, PreemptionPointsTest.polls(rewritten, "run"), "the entry and the chunk's head");
        compare(run(original), run(rewritten), new Random(step * 31 + offset));
    }

    @Test
    void shouldStripMineALoopWithoutFramesAndCheckOneWithoutALocalToSpare() throws Exception {
        // a Java 5 class has no stack map frames: the loop is rewritten without any
        final byte[] old = CountedLoops.make(3, 0, false, Opcodes.V1_5, false);
        final byte[] mined = PreemptionPoints.insert(old);
        assertEquals(0, PreemptionPointsTest.checkedLoops(mined, "run"));
        compare(run(old), run(mined), new Random(49));
        // 65,535 locals already: no slot for the limit, so every iteration is checked
        final byte[] full = CountedLoops.make(3, 0, false, Opcodes.V17, true);
        final byte[] checked = PreemptionPoints.insert(full);
        assertEquals(1, PreemptionPointsTest.checkedLoops(checked, "run"));
        compare(run(full), run(checked), new Random(65_535));
    }

    @Test
    void shouldThrowWhereTheOriginalLoopThrows() throws Exception {
        final Method original = StripLoops.class.getMethod("throwing", int.class, int.class,
                int.class);
        final Method copy = new Rewriting(StripLoops.class).loadClass(StripLoops.class.getName())
                .getMethod("throwing", int.class, int.class, int.class);
        compare(original, copy, new Random(5));
    }

    /** Compares the two over {@link #CASES} random ranges and caps. */
    private static void compare(Method original, Method copy, Random random)
            throws IllegalAccessException {
        final int[] caps = {1, 2, StripMining.CHUNK - 1, StripMining.CHUNK,
            StripMining.CHUNK + 1, 3 * StripMining.CHUNK + 7};
        for (int i = 0; i < CASES; i++) {
            final int start = edgy(random);
            final int bound = random.nextBoolean() ? edgy(random)
                    : start + random.nextInt(4 * StripMining.CHUNK) - 99;
            final int cap = i % 3 == 0 ? caps[random.nextInt(caps.length)]
                    : 1 + random.nextInt(5000);
            assertEquals(outcome(original, start, bound, cap), outcome(copy, start, bound, cap),
                    "(" + start + ", " + bound + ", " + cap + ")");
        }
    }

    /** @return {@code run} of the class {@code bytes} defines, in a loader of its own */
    static Method run(byte[] bytes) throws NoSuchMethodException {
        final Class<?> c = new ClassLoader(StripMiningTest.class.getClassLoader()) {
            Class<?> define() {
                return defineClass(CountedLoops.NAME.replace('/', '.'), bytes, 0, bytes.length);
            }
        }.define();
        return c.getMethod("run", int.class, int.class, int.class);
    }

    @Test
    void shouldComputeWhatTheOriginalIndexedLoopsCompute() throws Exception {
        final Class<?> rewritten = new Rewriting(StripLoops.class)
                .loadClass(StripLoops.class.getName());
        final Method indexed = StripLoops.class.getMethod("indexed", int[].class, int.class,
                int.class);
        final Method indexedCopy = rewritten.getMethod("indexed", int[].class, int.class,
                int.class);
        final Method offset = StripLoops.class.getMethod("offset", int[].class, int.class,
                int.class);
        final Method offsetCopy = rewritten.getMethod("offset", int[].class, int.class,
                int.class);
        final Random random = new Random(7);
        for (int i = 0; i < CASES; i++) {
            final int[] a = random.ints(random.nextInt(4 * StripMining.CHUNK + 9)).toArray();
            final int start = random.nextBoolean() ? edgy(random) : random.nextInt(40) - 20;
            final int other = random.nextBoolean() ? edgy(random)
                    : random.nextInt(a.length + 40) - 20;
            assertEquals(outcome(indexed, a, start, other), outcome(indexedCopy, a, start, other),
                    "indexed(" + a.length + ", " + start + ", " + other + ")");
            assertEquals(outcome(offset, a, other, start), outcome(offsetCopy, a, other, start),
                    "offset(" + a.length + ", " + other + ", " + start + ")");
        }
    }

    @Test
    void shouldStripMineTheLoopsTheRuleAcceptsAndCheckTheMaskedOne() throws IOException {
        final byte[] rewritten = PreemptionPoints.insert(PreemptionPointsTest.bytes("StripLoops"));
        for (String m : new String[] {"throwing", "indexed", "offset"}) {
            // the entry's check and the chunk's head's, none in the inner loop
            assertEquals(2, PreemptionPointsTest.polls(rewritten, m), m);
            assertEquals(0, PreemptionPointsTest.checkedLoops(rewritten, m), m);
        }
        // an even step to MAX_VALUE, read at a masked index: nothing bounds it, checked
        assertEquals(1, PreemptionPointsTest.checkedLoops(rewritten, "masked"));
    }

    /** @return an int near one of the ends of the range or of 0, or any int */
    static int edgy(Random random) {
        final int near = random.nextInt(2 * StripMining.CHUNK);
        switch (random.nextInt(5)) {
            case 0:
                return Integer.MAX_VALUE - near;
            case 1:
                return Integer.MIN_VALUE + near;
            case 2:
                return near - StripMining.CHUNK;
            default:
                return random.nextInt();
        }
    }

    /** @return what the call returned, or the exception it threw and the hash it had reached */
    static String outcome(Method m, Object... args) throws IllegalAccessException {
        m.setAccessible(true); // StripLoops is not public; its copy is the loader's
        try {
            return "returned " + m.invoke(null, args);
        } catch (InvocationTargetException e) {
            return e.getCause().getClass().getName() + " at "
                    + read(m.getDeclaringClass(), "last");
        }
    }

    private static long read(Class<?> c, String field) {
        try {
            final Field f = c.getField(field);
            f.setAccessible(true);
            return f.getLong(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
