package org.sofj.llext.internal.load;

import org.sofj.api.ModuleContext;
import org.sofj.api.ProcessingModule;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;
import org.sofj.api.memory.MemoryAccess;

/**
 * Module classes for {@link AllocationProofTest}: one that cannot allocate on its process path,
 * and one per way of allocating there. Each test hands the proof a library made of a few of them.
 */
final class AllocationShapes {
    private AllocationShapes() {
    }

    /** A base for the shapes: init does nothing, and is never on the process path. */
    abstract static class Base implements ProcessingModule {
        @Override
        public int init(ModuleContext context) {
            return 0;
        }
    }

    /** Copies a period as the sample passthru does, through library helpers. */
    static final class Proven extends Base {
        private final AudioRegion in = new AudioRegion();
        private final AudioRegion out = new AudioRegion();
        private final Helper helper = new Helper();
        private MemoryAccess access;

        @Override
        public int process(Source[] sources, Sink[] sinks) {
            final int n = Shift.limit(sources[0].getDataAvailable());
            if (sinks[0].getFreeSize() < n || sources[0].getData(n, in) < 0) {
                return -1;
            }
            sinks[0].getBuffer(n, out);
            long done = 0;
            while (done < n) {
                final long chunk = Math.min(n - done, helper.span(in, out, done));
                access.copy(in.addressAt(done), out.addressAt(done), chunk);
                done += chunk;
            }
            sinks[0].commitBuffer(n);
            return sources[0].releaseData(n);
        }
    }

    /** A library class with a static initialiser that allocates nothing. */
    static final class Shift {
        static final int BITS = Integer.numberOfTrailingZeros(Integer.highestOneBit(4096));

        private Shift() {
        }

        static int limit(int n) {
            return n >> BITS << BITS;
        }
    }

    /** A library helper called virtually. */
    static class Helper {
        long span(AudioRegion in, AudioRegion out, long done) {
            return Math.min(in.contiguousLength(), out.contiguousLength()) + done * 0;
        }
    }

    /** An override of the helper that allocates: a library with it is not proven. */
    static final class CostlyHelper extends Helper {
        @Override
        long span(AudioRegion in, AudioRegion out, long done) {
            return new long[8].length;
        }
    }

    /** Allocates in process itself. */
    static final class Direct extends Base {
        @Override
        public int process(Source[] sources, Sink[] sinks) {
            return new int[4].length;
        }
    }

    /** Allocates in a static callee. */
    static final class Callee extends Base {
        @Override
        public int process(Source[] sources, Sink[] sinks) {
            return make();
        }

        private static int make() {
            return new byte[16].length;
        }
    }

    /** Keeps an exception it caught. */
    static final class Catches extends Base {
        private RuntimeException kept;

        @Override
        public int process(Source[] sources, Sink[] sinks) {
            try {
                return sources[7].getDataAvailable();
            } catch (RuntimeException e) {
                kept = e;
                return -1;
            }
        }
    }

    /** Concatenates a string (invokedynamic). */
    static final class Concat extends Base {
        private String label;

        @Override
        public int process(Source[] sources, Sink[] sinks) {
            label = "n=" + sources.length;
            return 0;
        }
    }

    /** Touches a class whose static initialiser allocates. */
    static final class Clinit extends Base {
        @Override
        public int process(Source[] sources, Sink[] sinks) {
            return Table.VALUES[0];
        }
    }

    /** A table made when the class is initialised. */
    static final class Table {
        static final int[] VALUES = new int[1024];

        private Table() {
        }
    }

    /** Boxes an int ({@code Integer.valueOf}: a call outside the allow-list). */
    static final class Boxing extends Base {
        private Object last;

        @Override
        public int process(Source[] sources, Sink[] sinks) {
            last = sources.length;
            return 0;
        }
    }

    /**
     * Calls {@code reset}, which its class inherits from the api's default method (code outside
     * the library, which the proof does not read).
     */
    static final class Inherited extends Base {
        @Override
        public int process(Source[] sources, Sink[] sinks) {
            return reset();
        }
    }

    /** Calls {@code toString}, which javac names as {@code Object}'s. */
    static final class Named extends Base {
        private int hash;

        @Override
        public int process(Source[] sources, Sink[] sinks) {
            hash = toString().length();
            return 0;
        }
    }

    /** Loads a string constant. */
    static final class Constant extends Base {
        private String name;

        @Override
        public int process(Source[] sources, Sink[] sinks) {
            name = "fixed";
            return 0;
        }
    }

    /** An interface of the library that a lambda implements. */
    interface Op {
        int run();
    }

    /** Calls an {@link Op} that init made as a lambda: its class is the JDK's. */
    static final class Lambda extends Base {
        private Op op;

        @Override
        public int init(ModuleContext context) {
            op = () -> new int[4].length;
            return 0;
        }

        @Override
        public int process(Source[] sources, Sink[] sinks) {
            return op.run();
        }
    }
}
