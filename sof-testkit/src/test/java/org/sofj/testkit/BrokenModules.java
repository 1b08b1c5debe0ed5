package org.sofj.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.sofj.api.Errno;
import org.sofj.api.LoadType;
import org.sofj.api.ModuleContext;
import org.sofj.api.ModuleDescription;
import org.sofj.api.ProcessingModule;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;
import org.sofj.api.memory.MemoryAccess;

/**
 * Deliberately broken modules, each breaking one rule, to prove each conformance check can fail.
 * All but {@code faulty} are kernel mode; all copy IBS bytes from source 0 to sink 0.
 */
final class BrokenModules implements org.sofj.api.spi.ModuleProvider {
    /** name -> user mode. */
    private static final Map<String, Boolean> TYPES = Map.of("copy", false, "leaky", false,
            "allocs", false, "holder", false, "short", false, "noreset", false, "badrc", false,
            "faulty", true);

    /** Where {@code allocs} puts what it allocates, so escape analysis cannot remove it. */
    static volatile Object sinkhole;

    @Override
    public Set<String> moduleNames() {
        return TYPES.keySet();
    }

    @Override
    public Optional<ModuleDescription> describe(String name) {
        return Optional.ofNullable(TYPES.get(name)).map(user -> ModuleDescription.builder(name,
                UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.US_ASCII)))
                .loadType(LoadType.BUILTIN).userMode(user).ibs(384).obs(384).instanceMaxCount(4)
                .build());
    }

    @Override
    public ProcessingModule create(String name) {
        switch (name) {
            case "copy": return new Copy();
            case "leaky": return new Leaky();
            case "allocs": return new Allocs();
            case "holder": return new Holder();
            case "short": return new Short();
            case "noreset": return new NoReset();
            case "badrc": return new BadRc();
            case "faulty": return new Faulty();
            default: throw new IllegalArgumentException(name);
        }
    }

    /** A correct copy: checks first, then moves exactly IBS in and OBS (= IBS) out. */
    static class Copy implements ProcessingModule {
        final AudioRegion in = new AudioRegion();
        final AudioRegion out = new AudioRegion();
        ModuleContext ctx;
        MemoryAccess mem;
        int ibs;

        @Override
        public int init(ModuleContext context) {
            ctx = context;
            mem = context.access();
            ibs = context.baseConfig().ibs();
            return ibs == context.baseConfig().obs() ? 0 : -Errno.EINVAL;
        }

        @Override
        public int process(Source[] sources, Sink[] sinks) {
            if (sources[0].getDataAvailable() < ibs) {
                return -Errno.ENODATA;
            }
            if (sinks[0].getFreeSize() < ibs) {
                return -Errno.ENOSPC;
            }
            sources[0].getData(ibs, in);
            sinks[0].getBuffer(ibs, out);
            move(ibs);
            sinks[0].commitBuffer(ibs);
            sources[0].releaseData(ibs);
            return 0;
        }

        /** Copies {@code bytes} from the held input to the held output, 32-bit words. */
        void move(int bytes) {
            for (int i = 0; i < bytes; i += 4) {
                mem.putInt(out.addressAt(i), transform(mem.getInt(in.addressAt(i))));
            }
        }

        int transform(int sample) {
            return sample;
        }
    }

    /** Allocates in init and never frees. */
    static final class Leaky extends Copy {
        @Override
        public int init(ModuleContext context) {
            context.memory().alloc(256);
            return super.init(context);
        }
    }

    /** Allocates on the Java heap in every process call. */
    static final class Allocs extends Copy {
        @Override
        public int process(Source[] sources, Sink[] sinks) {
            sinkhole = new int[16];
            return super.process(sources, sinks);
        }
    }

    /** Processes correctly, then takes a look-ahead fragment of its sink and keeps it. */
    static final class Holder extends Copy {
        @Override
        public int process(Source[] sources, Sink[] sinks) {
            final int rc = super.process(sources, sinks);
            if (rc == 0 && sinks[0].getFreeSize() >= 4) {
                sinks[0].getBuffer(4, out);
            }
            return rc;
        }
    }

    /** Consumes and produces half a period per call. */
    static final class Short extends Copy {
        @Override
        public int process(Source[] sources, Sink[] sinks) {
            final int half = ibs / 2;
            if (sources[0].getData(half, in) != 0) {
                return -Errno.ENODATA;
            }
            if (sinks[0].getBuffer(half, out) != 0) {
                sources[0].releaseData(0);
                return -Errno.ENOSPC;
            }
            move(half);
            sinks[0].commitBuffer(half);
            sources[0].releaseData(half);
            return 0;
        }
    }

    /** Adds a per-call offset that its reset does not clear. */
    static final class NoReset extends Copy {
        private int offset;

        @Override
        public int process(Source[] sources, Sink[] sinks) {
            final int rc = super.process(sources, sinks);
            offset += rc == 0 ? 1 : 0;
            return rc;
        }

        @Override
        int transform(int sample) {
            return sample + offset;
        }
    }

    /** Reports -EINVAL for a period it processed fine. */
    static final class BadRc extends Copy {
        @Override
        public int process(Source[] sources, Sink[] sinks) {
            final int rc = super.process(sources, sinks);
            return rc == 0 ? -Errno.EINVAL : rc;
        }
    }

    /**
     * A user module that reads kernel memory in process: fine on a kernel thread (the direct
     * checks), a memory fault in its own domain. 0x2000_0000 is the system heap in sof-mmu's
     * documented address map, kernel only.
     */
    static final class Faulty extends Copy {
        @Override
        public int process(Source[] sources, Sink[] sinks) {
            mem.getInt(0x2000_0000L);
            return super.process(sources, sinks);
        }
    }
}
