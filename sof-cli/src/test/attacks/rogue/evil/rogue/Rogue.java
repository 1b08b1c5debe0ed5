package evil.rogue;

import java.util.ArrayList;
import java.util.List;

import org.sofj.api.BindInfo;
import org.sofj.api.ConfigFragment;
import org.sofj.api.ModuleContext;
import org.sofj.api.MemoryFault;
import org.sofj.api.ProcessingModule;
import org.sofj.api.TriggerCommand;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;
import org.sofj.api.memory.AccessKind;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.memory.MemoryView;

/**
 * Passes audio through for 100 periods, then attacks by the vector its blob names (first int):
 * 1 null into the sources array it received; 2 throws an exception whose toString and getMessage
 * throw; 3 allocates 4 MiB per period and keeps it; 4 asks for an array the heap cannot hold;
 * 5 recurses without end; 6 reads kernel memory and catches the MemoryFault; 7 throws an
 * exception whose getMessage reads kernel memory (it would succeed with kernel rights); 8 never
 * returns from process, reading its own input over and over (bounded only by a count that takes
 * a minute, so a broken watchdog fails the suite instead of hanging it); 9 throws an exception
 * whose getMessage never returns (it reads its own input over and over, bounded as in 8), so the
 * kernel's description of the fault is what hangs; 10 throws an Error subclass of its own whose
 * cause chain is a cycle; 11 throws an exception whose getMessage returns 16 million chars;
 * 12 first touches a nested class whose static initialiser reads kernel memory (with kernel
 * rights the read would succeed and nothing would fault); 13 passes audio but never returns from
 * free (reading its own heap, bounded as in 8), so the runtime's close has to write it off;
 * 14 reads the whole hostbox during its configuration call and throws if anything past its own
 * fragment is not zero (another module's payload); 15 throws a message that forges a log line
 * and sends the terminal an escape sequence; 16 after its attack period throws, from every call
 * the runtime makes at teardown (trigger, reset, unbind, free), an exception whose toString and
 * getMessage throw; 17 likewise recurses to a StackOverflowError there; 18 throws a MemoryFault
 * it made itself, naming the clean pipeline's instance and the tick thread (no access faulted);
 * 19 throws an exception every one of whose Throwable and Object methods throws, but for
 * getMessage; 30 to 35 never return from process without touching simulated memory, in the
 * shapes of {@link Spin}; 36 does so in free. Every
 * instance also leaves its access object in a static field; the provider's {@code create} for a
 * later instance reads kernel memory through it.
 */
final class Rogue implements ProcessingModule {
    /** The last instance's access object, kept where the next instance's create can reach it. */
    static volatile MemoryAccess stash;
    /** The system heap: kernel-only memory, readable with kernel rights. */
    static final long KERNEL_ADDRESS = 0x2000_0000L;
    private final AudioRegion in = new AudioRegion();
    private final AudioRegion out = new AudioRegion();
    private final List<long[]> kept = new ArrayList<>();
    private MemoryAccess access;
    private long heap;
    private byte[] period;
    private int vector;
    private long periods;

    @Override
    public int init(ModuleContext context) {
        access = context.access();
        heap = context.memory().alloc(64);
        period = new byte[context.baseConfig().obs()];
        stash = access;
        return 0;
    }

    @Override
    public int setConfiguration(int configId, ConfigFragment position, int dataOffsetSize,
            MemoryView fragment) {
        vector = fragment.getInt(0);
        if (vector == 14) {
            // the whole hostbox is readable during the call: anything past its own fragment
            // that is not zero was left there by another module's IPC
            int foreign = 0;
            for (long a = fragment.address() + fragment.length();
                    access.canAccess(a, 1, AccessKind.READ); a++) {
                foreign += access.getByte(a) != 0 ? 1 : 0;
            }
            if (foreign > 0) {
                throw new IllegalStateException("read " + foreign + " non-zero bytes of other "
                        + "modules' IPC payloads past its own fragment");
            }
        }
        return 0;
    }

    @Override
    public int process(Source[] sources, Sink[] sinks) {
        if (++periods > 100) {
            attack(sources);
        }
        final Source s = sources[0];
        final Sink k = sinks[0];
        final int n = Math.min(Math.min(s.getDataAvailable(), k.getFreeSize()), period.length);
        if (n > 0 && s.getData(n, in) == 0 && k.getBuffer(n, out) == 0) {
            copy(n);
            s.releaseData(n);
            k.commitBuffer(n);
        }
        return 0;
    }

    private void copy(int n) {
        final long first = Math.min(n, in.contiguousLength());
        access.getBytes(in.address(), period, 0, (int) first);
        access.getBytes(in.bufferStart(), period, (int) first, (int) (n - first));
        final long room = Math.min(n, out.contiguousLength());
        access.putBytes(out.address(), period, 0, (int) room);
        access.putBytes(out.bufferStart(), period, (int) room, (int) (n - room));
    }

    private void attack(Source[] sources) {
        switch (vector) {
            case 1:
                sources[0] = null;
                break;
            case 2:
                throw new Nasty(true);
            case 3:
                kept.add(new long[1 << 19]);
                break;
            case 4:
                kept.add(new long[Integer.MAX_VALUE - 16]);
                break;
            case 5:
                recurse(0);
                break;
            case 6:
                try {
                    access.getInt(KERNEL_ADDRESS);
                } catch (MemoryFault swallowed) {
                    // carry on as if nothing happened
                }
                break;
            case 7:
                throw new Nasty(false);
            case 8:
                periods += spin() & 0;
                break;
            case 9:
                throw new Endless();
            case 10:
                final Boom a = new Boom("first");
                final Boom b = new Boom("second");
                a.initCause(b);
                b.initCause(a);
                throw a;
            case 11:
                throw new Wordy();
            case 12:
                periods += Trap.VALUE;
                break;
            case 15:
                throw new IllegalStateException("x\nWARNING: instance clean#0 FAULTED (HANG)"
                        + "\r\u001b[2J");
            case 18:
                throw new MemoryFault("sofj-tick-0", "comp 0x10000", KERNEL_ADDRESS, 4,
                        AccessKind.WRITE, "clean#0 heap");
            case 19:
                throw new Hostile();
            case 30:
            case 31:
            case 32:
            case 33:
            case 34:
            case 35:
                periods += Spin.by(vector) & 0; // never returns: see Spin
                break;
            case 37:
                periods += Heavy.hash() & 0; // seconds inside one JDK call: see Heavy
                break;
            default:
                break;
        }
    }

    @Override
    public int free() {
        if (vector == 13) {
            periods += spin() & 0;
        }
        if (vector == 36) {
            periods += Spin.loop() & 0;
        }
        return teardown();
    }

    @Override
    public int reset() {
        return teardown();
    }

    @Override
    public int unbind(BindInfo info) {
        return teardown();
    }

    @Override
    public int trigger(TriggerCommand command) {
        return teardown();
    }

    /** Vectors 16 and 17: once it has attacked, every teardown call fights back. */
    private int teardown() {
        if (periods > 100 && vector == 16) {
            throw new Nasty(true);
        }
        if (periods > 100 && vector == 17) {
            return recurse(0);
        }
        return 0;
    }

    /** Reads memory of its own for about a minute: only a write-off (its next read faults)
     * ends it sooner. */
    private long spin() {
        final long at = vector == 13 ? heap : in.address();
        long sum = 0;
        for (long i = 0; i < 40_000_000_000L; i++) {
            sum += access.getInt(at);
        }
        return sum;
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    /** An exception whose message never comes. */
    private final class Endless extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Endless() {
            super(null, null, false, false);
        }

        @Override
        public String getMessage() {
            return "never " + spin();
        }
    }

    /** An exception whose every method but getMessage throws, Object's included. */
    private static final class Hostile extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Hostile() {
            super("plain", null, false, false);
        }

        @Override
        public String getLocalizedMessage() {
            throw new IllegalStateException("getLocalizedMessage");
        }

        @Override
        public synchronized Throwable getCause() {
            throw new IllegalStateException("getCause");
        }

        @Override
        public StackTraceElement[] getStackTrace() {
            throw new IllegalStateException("getStackTrace");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            throw new IllegalStateException("fillInStackTrace");
        }

        @Override
        public String toString() {
            throw new IllegalStateException("toString");
        }

        @Override
        public int hashCode() {
            throw new IllegalStateException("hashCode");
        }

        @Override
        public boolean equals(Object other) {
            throw new IllegalStateException("equals");
        }
    }

    /** An error of the module's own, which the kernel must treat like any throwable. */
    private static final class Boom extends Error {
        private static final long serialVersionUID = 1L;

        Boom(String message) {
            super(message);
        }
    }

    /** A message as long as the module likes. */
    private static final class Wordy extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Wordy() {
            super("x".repeat(16 << 20));
        }
    }

    /** Initialised where it is first used: it reads the system heap. */
    private static final class Trap {
        static final int VALUE = stash.getInt(KERNEL_ADDRESS);

        private Trap() {
        }
    }

    /** An exception that fights back when the kernel looks at it. */
    private final class Nasty extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final boolean crash;

        Nasty(boolean crash) {
            super(null, null, false, false);
            this.crash = crash;
        }

        @Override
        public String getMessage() {
            if (crash) {
                throw new IllegalStateException("no message for you");
            }
            return "read " + access.getInt(KERNEL_ADDRESS);
        }

        @Override
        public String toString() {
            throw new IllegalStateException("no string for you");
        }
    }
}
