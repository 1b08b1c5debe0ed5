package org.sofj.llext.internal.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.sofj.api.spi.Preemption;

/**
 * The preemption checks the loader inserts ({@link PreemptionPoints}): {@link Spinners}' classes
 * are defined again with them, each spinner runs on a thread of its own, and once it has started
 * the thread is asked to leave ({@link Preemption#request}). Every shape of endless code ends with
 * the preemption's error, within a bounded wait (without the checks none of them would ever end);
 * code nobody preempts runs to the same result as without the checks.
 */
final class PreemptionPointsTest {
    /** A bound on each real-thread wait: the work itself takes microseconds. */
    private static final long WAIT_MILLIS = 20_000;
    private Preemption.Request request;

    @AfterEach
    void withdraw() {
        if (request != null) {
            request.withdraw();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Loop", "Recursion", "CatchAll", "Finally", "Lambda", "Anonymous",
        "EvenStep", "AtMost", "Masked", "Doubled", "MutualRecursion"})
    void shouldPreemptAThreadThatNeverReturns(String shape) throws Exception {
        final Rewriting loader = new Rewriting();
        final AtomicReference<Throwable> ended = new AtomicReference<>();
        final Thread t = spinner(loader, shape, ended);
        t.start();
        awaitStarted(loader, 1);
        request = Preemption.request(t, () -> true, "test: " + shape);
        t.join(WAIT_MILLIS);
        assertFalse(t.isAlive(), shape + " still runs: its loop has no check");
        assertTrue(Preemption.isPreemption(ended.get()), shape + " ended with " + ended.get());
        assertEquals("test: " + shape, ended.get().getMessage());
    }

    /**
     * A loop inside the rule that would keep its thread for half a minute (from 0) or about an
     * hour (from just below {@code MAX_VALUE}, wrapping), with a request due from an iteration
     * no chunk starts at, asked on the looping thread itself: it is taken back within a chunk.
     */
    @ParameterizedTest(name = "from {0}")
    @ValueSource(ints = {0, Integer.MAX_VALUE - 100})
    void shouldTakeBackAStripMinedLoopWithinAChunkOfTheRequest(int start) throws Exception {
        final Class<?> c = new Rewriting(StripLoops.class)
                .loadClass(StripLoops.class.getName() + "$Heavy");
        final Field iterations = c.getField("iterations");
        iterations.setAccessible(true); // its class is the loader's (unnamed module)
        final AtomicReference<Throwable> ended = new AtomicReference<>();
        final Thread t = new Thread((Runnable) c.getDeclaredConstructor(int.class)
                .newInstance(start), "heavy");
        t.setDaemon(true); // without strip-mining it runs on; the test fails, the JVM ends
        t.setUncaughtExceptionHandler((th, e) -> ended.set(e));
        final int due = 10 * StripMining.CHUNK + 123;
        request = Preemption.request(t, () -> read(iterations) >= due, "test: heavy");
        t.start();
        t.join(WAIT_MILLIS);
        assertFalse(t.isAlive(), "still runs: no check inside its loop");
        assertTrue(Preemption.isPreemption(ended.get()), "ended with " + ended.get());
        final int after = read(iterations) - due;
        assertTrue(after >= 0 && after < StripMining.CHUNK,
                after + " iterations ran after the request was due");
    }

    private static int read(Field iterations) {
        try {
            return iterations.getInt(null);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void shouldPreemptAHolderAndThenTheThreadBlockedOnItsMonitor() throws Exception {
        // a thread blocked on a monitor polls nothing; once the holder is taken back it gets
        // the monitor, and its own next check throws
        final Rewriting loader = new Rewriting();
        final AtomicReference<Throwable> holderEnd = new AtomicReference<>();
        final AtomicReference<Throwable> waiterEnd = new AtomicReference<>();
        final Thread holder = spinner(loader, "Holder", holderEnd);
        holder.start();
        awaitStarted(loader, 1);
        final Thread waiter = spinner(loader, "Waiter", waiterEnd);
        waiter.start();
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (waiter.getState() != Thread.State.BLOCKED && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // bounded: the waiter blocks on the monitor at once
        }
        assertEquals(Thread.State.BLOCKED, waiter.getState());
        final Preemption.Request second = Preemption.request(waiter, () -> true, "waiter");
        try {
            request = Preemption.request(holder, () -> true, "holder");
            holder.join(WAIT_MILLIS);
            waiter.join(WAIT_MILLIS);
        } finally {
            second.withdraw();
        }
        assertFalse(holder.isAlive() || waiter.isAlive(), "a thread still runs");
        assertEquals("holder", holderEnd.get().getMessage());
        assertEquals("waiter", waiterEnd.get().getMessage());
    }

    @Test
    void shouldLeaveAThreadAloneWhileItsRequestIsNotDue() throws Exception {
        // the condition is asked on the target thread: a call that is no longer the hung one
        final Rewriting loader = new Rewriting();
        final AtomicReference<Throwable> ended = new AtomicReference<>();
        final Runnable bounded = (Runnable) loader.loadClass(Spinners.class.getName() + "$Bounded")
                .getDeclaredConstructor().newInstance();
        final Thread t = new Thread(bounded, "bounded");
        t.setDaemon(true);
        t.setUncaughtExceptionHandler((th, e) -> ended.set(e));
        request = Preemption.request(t, () -> false, "not due");
        t.start();
        t.join(WAIT_MILLIS);
        assertFalse(t.isAlive());
        assertNull(ended.get());
        assertEquals(1_500_000L, bounded.getClass().getField("sink").getLong(bounded),
                "the checks change nothing a module computes");
    }

    @Test
    void shouldPollAtEntryBeforeEveryBackwardBranchAndAtEveryHandler() throws IOException {
        final byte[] original = bytes("Spinners$CatchAll");
        final byte[] copy = original.clone();
        final byte[] rewritten = PreemptionPoints.insert(original);
        assertArrayEquals(copy, original, "the signed bytes stay as they are");
        // run(): the entry, the inner loop's back edge, the outer loop's back edge (the
        // handler's goto) and the handler
        assertEquals(4, polls(rewritten, "run"));
        assertEquals(0, polls(original, "run"));
        // no loop, no handler, no call: a leaf, no check at all (its callers have theirs)
        assertEquals(0, polls(PreemptionPoints.insert(bytes("Spinners$Bounded")), "step"));
        // javac's release of a synchronized block's monitor only rethrows: no check there (it
        // must release the monitor first), the loop's back edge and the entry have one
        assertEquals(2, polls(PreemptionPoints.insert(bytes("Spinners$Holder")), "run"));
    }

    @Test
    void shouldStripMineTheCountedLoopsThatProvablyEnd() throws IOException {
        // inside BoundedLoops' rule: no check on the back edge (C2 may vectorise the inner
        // loop), one at the entry and one between chunks (StripMining)
        final byte[] counted = PreemptionPoints.insert(bytes("Spinners$Counted"));
        for (String method : new String[] {"sum", "stride", "twice", "chase"}) {
            assertEquals(0, checkedLoops(counted, method), method);
            assertEquals(2, polls(counted, method), method);
        }
        // a call of a leaf of its own class
        assertEquals(0, checkedLoops(PreemptionPoints.insert(bytes("Spinners$Bounded")), "run"));
        // methods that call each other are no leaves, whatever their size
        final byte[] mutual = PreemptionPoints.insert(bytes("Spinners$MutualRecursion"));
        assertEquals(1, polls(mutual, "ping"));
        assertEquals(2, polls(mutual, "pong")); // the entry and the finally handler
    }

    /**
     * Just outside the rule, checked: an even step, loop while {@code <=}, the counter inside
     * the bound ({@code (i & 1) < 2}, {@code i * 2 < MAX_VALUE}), whose loops never end at their
     * bounds (shouldPreemptAThreadThatNeverReturns); a slow
     * {@code Math} method (2<sup>32</sup> iterations of {@code sin} calls take many minutes).
     */
    @ParameterizedTest(name = "{0}.{1}")
    @CsvSource({"EvenStep, run", "AtMost, run", "Masked, run", "Doubled, run", "SlowMath, sin",
        "SlowMath, pow"})
    void shouldKeepTheCheckOfALoopJustOutsideTheRule(String shape, String method)
            throws IOException {
        final byte[] rewritten = PreemptionPoints.insert(bytes("Spinners$" + shape));
        assertEquals(2, polls(rewritten, method));
        assertEquals(1, checkedLoops(rewritten, method));
    }

    @Test
    void shouldLeaveOutTheCheckInIndexedLoopsOfAnyStep() throws Exception {
        final byte[] indexed = PreemptionPoints.insert(bytes("Spinners$Indexed"));
        // a[i] read every iteration: at most 2^31 iterations, even step or not (strip-mined)
        assertEquals(0, checkedLoops(indexed, "even"));
        assertEquals(0, checkedLoops(indexed, "offset"));
        // the offset moves: a[i + w] bounds nothing, and the even step can wrap for ever
        assertEquals(1, checkedLoops(indexed, "moving"));
        // and it does end: at the first index past the array, not by a check
        final Class<?> c = new Rewriting().loadClass(Spinners.class.getName() + "$Indexed");
        final java.lang.reflect.InvocationTargetException e = org.junit.jupiter.api.Assertions
                .assertThrows(java.lang.reflect.InvocationTargetException.class,
                        () -> c.getMethod("even", int[].class).invoke(null, (Object) new int[7]));
        assertTrue(e.getCause() instanceof ArrayIndexOutOfBoundsException, e.getCause()::toString);
    }

    @Test
    void shouldLetCountedLoopsCallTheLibrarysLeavesWithinTheInstructionBudget()
            throws IOException {
        final java.util.SortedMap<String, byte[]> entries = new java.util.TreeMap<>();
        for (String c : new String[] {"Spinners$Caller", "Spinners$Rounder"}) {
            entries.put(entry(c), bytes(c));
        }
        final var library = PreemptionPoints.insert("test", entries);
        final byte[] caller = library.get(entry("Spinners$Caller"));
        final byte[] rounder = library.get(entry("Spinners$Rounder"));
        // leaves: no check; a loop: its entry and back edge
        assertEquals(0, polls(rounder, "half"));
        assertEquals(0, polls(rounder, "clampHalf"));
        assertEquals(2, polls(rounder, "count"));
        // the FIR's output loop: another class's leaf, which calls a leaf
        assertEquals(0, checkedLoops(caller, "write"));
        // a call of a method with a loop, and four leaves past the budget: checked
        assertEquals(1, checkedLoops(caller, "notALeaf"));
        assertEquals(1, checkedLoops(caller, "heavy"));
        // alone, the caller cannot see the other class's code: checked
        assertEquals(1, checkedLoops(PreemptionPoints.insert(bytes("Spinners$Caller")),
                "write"));
        // nor does it trust a class whose entry is not where the JVM looks for it
        final java.util.SortedMap<String, byte[]> misplaced = new java.util.TreeMap<>();
        misplaced.put(entry("Spinners$Caller"), bytes("Spinners$Caller"));
        misplaced.put("org/sofj/llext/internal/load/Elsewhere.class", bytes("Spinners$Rounder"));
        assertEquals(1, checkedLoops(PreemptionPoints.insert("test", misplaced)
                .get(entry("Spinners$Caller")), "write"));
    }

    private static String entry(String simpleName) {
        return Spinners.class.getPackageName().replace('.', '/') + "/" + simpleName + ".class";
    }

    @Test
    void shouldPollInsideAOneInstructionLoop() {
        // `L: goto L`: a backward branch to itself, as a hostile class file can hold
        final org.objectweb.asm.ClassWriter w = new org.objectweb.asm.ClassWriter(
                org.objectweb.asm.ClassWriter.COMPUTE_FRAMES);
        w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "x/Tight", null, "java/lang/Object", null);
        final MethodVisitor m = w.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "spin",
                "()V", null, null);
        m.visitCode();
        final org.objectweb.asm.Label l = new org.objectweb.asm.Label();
        m.visitLabel(l);
        m.visitJumpInsn(Opcodes.GOTO, l);
        m.visitMaxs(0, 0);
        m.visitEnd();
        w.visitEnd();
        assertEquals(2, polls(PreemptionPoints.insert(w.toByteArray()), "spin"));
    }

    private static Thread spinner(Rewriting loader, String shape, AtomicReference<Throwable> end)
            throws ReflectiveOperationException {
        final Runnable r = (Runnable) loader.loadClass(Spinners.class.getName() + "$" + shape)
                .getDeclaredConstructor().newInstance();
        final Thread t = new Thread(r, "spinner-" + shape);
        t.setDaemon(true); // if a check is missing it spins on; the test fails, the JVM ends
        t.setUncaughtExceptionHandler((th, e) -> end.set(e));
        return t;
    }

    private static void awaitStarted(Rewriting loader, int n) throws ReflectiveOperationException {
        final java.lang.reflect.Field started = loader.loadClass(Spinners.class.getName())
                .getField("started");
        started.setAccessible(true); // its class is the loader's (unnamed module), not exported
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (started.getInt(null) < n) {
            assertTrue(System.nanoTime() < deadline, "the spinner did not start");
            Thread.onSpinWait(); // bounded: the thread was started just before
        }
    }

    /** @return how many calls of the check {@code method} holds */
    static int polls(byte[] classBytes, String method) {
        final int[] n = new int[1];
        new ClassReader(classBytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor,
                    String signature, String[] exceptions) {
                if (!name.equals(method)) {
                    return null;
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String name2,
                            String descriptor2, boolean itf) {
                        if (owner.equals(PreemptionPoints.OWNER)) {
                            n[0]++;
                        }
                    }
                };
            }
        }, 0);
        return n[0];
    }

    /**
     * @return how many innermost loops of {@code method} (a backward jump and what it jumps
     *     back over, with no other backward jump inside) hold a check: one per loop checked at
     *     every iteration, none for a strip-mined one (its check is outside its inner loop)
     */
    static int checkedLoops(byte[] classBytes, String method) {
        final ClassNode c = new ClassNode();
        new ClassReader(classBytes).accept(c, 0);
        int n = 0;
        for (MethodNode m : c.methods) {
            final InsnList code = m.instructions;
            for (int i = 0; i < code.size() && m.name.equals(method); i++) {
                final int top = backTo(code, i);
                boolean inner = top >= 0;
                boolean checked = false;
                for (int j = top + 1; inner && j < i; j++) {
                    inner = backTo(code, j) < 0;
                    checked |= code.get(j) instanceof MethodInsnNode
                            && ((MethodInsnNode) code.get(j)).owner.equals(PreemptionPoints.OWNER);
                }
                if (inner && checked) {
                    n++;
                }
            }
        }
        return n;
    }

    /** @return where the jump at {@code i} goes back to, or -1 if it is none */
    private static int backTo(InsnList code, int i) {
        if (!(code.get(i) instanceof JumpInsnNode)) {
            return -1;
        }
        final int to = code.indexOf(((JumpInsnNode) code.get(i)).label);
        return to <= i ? to : -1;
    }

    static byte[] bytes(String simpleName) throws IOException {
        try (InputStream in = Spinners.class.getResourceAsStream(simpleName + ".class")) {
            return in.readAllBytes();
        }
    }

    /**
     * Defines a class of this package and its nested classes again, with the checks ({@link
     * Spinners}' unless another is named).
     */
    static final class Rewriting extends ClassLoader {
        private final String outer;

        Rewriting() {
            this(Spinners.class);
        }

        Rewriting(Class<?> outer) {
            super(PreemptionPointsTest.class.getClassLoader());
            this.outer = outer.getName();
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(outer)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    final byte[] b;
                    try {
                        b = PreemptionPoints.insert(bytes(name.substring(name.lastIndexOf('.')
                                + 1)));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    c = defineClass(name, b, 0, b.length);
                }
                return c;
            }
        }
    }
}
