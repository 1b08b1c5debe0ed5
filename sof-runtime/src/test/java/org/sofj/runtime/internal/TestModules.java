package org.sofj.runtime.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.sofj.api.BindInfo;
import org.sofj.api.ConfigFragment;
import org.sofj.api.Errno;
import org.sofj.api.ModuleContext;
import org.sofj.api.ModuleDescription;
import org.sofj.api.ModuleIds;
import org.sofj.api.ProcessingModule;
import org.sofj.api.TriggerCommand;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.memory.MemoryView;
import org.sofj.api.spi.ModuleProvider;

/**
 * In-process module types for the runtime's tests (library 0). Behaviour that a test wants to
 * vary is a {@link Script} registered under the module's name before the instance is created.
 */
final class TestModules implements ModuleProvider {
    /** Bytes per 1 ms of 48 kHz stereo S32. */
    static final int TICK = 384;

    /** name -> user mode */
    private static final Map<String, Boolean> TYPES = Map.of(
            "src", false, "cap", false, "kpass", false,
            "pass", true, "upass", true, "evil", true, "minimal", true, "scripted", true,
            "agent", true, "kscript", false);

    /** Threads that ran this provider's factory, in order: where a module was made. */
    static final java.util.List<Thread> CREATED_ON =
            java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    /** Per-name behaviour hooks; tests set them and clear them. */
    static final Map<String, Script> SCRIPTS = new ConcurrentHashMap<>();

    /** What a scripted module does in each op; null hooks use the default behaviour. */
    static final class Script {
        volatile OpHook prepare;
        volatile OpHook reset;
        volatile OpHook free;
        volatile TriggerHook trigger;
        volatile ConfigHook setConfig;
        volatile ConfigHook getConfig;
        volatile ProcessHook process;
        volatile OpHook init;
        volatile BindHook bind;
        volatile BindHook unbind;
        /** Thrown by the factory instead of making the module (a class the JVM refuses). */
        volatile LinkageError create;
    }

    interface OpHook {
        int run(ModuleContext ctx);
    }

    interface TriggerHook {
        int run(ModuleContext ctx, TriggerCommand cmd);
    }

    interface ConfigHook {
        int run(ModuleContext ctx, MemoryView view);
    }

    interface BindHook {
        int run(ModuleContext ctx, BindInfo info);
    }

    interface ProcessHook {
        int run(ModuleContext ctx, Source[] sources, Sink[] sinks);
    }

    /** Entry index of a name: library 0 indexes names in sorted order. */
    static int moduleId(String name) {
        final List<String> names = List.copyOf(new TreeSet<>(TYPES.keySet()));
        final int index = names.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException(name);
        }
        return ModuleIds.moduleId(0, index);
    }

    @Override
    public Set<String> moduleNames() {
        return TYPES.keySet();
    }

    @Override
    public Optional<ModuleDescription> describe(String name) {
        return Optional.of(ModuleDescription.builder(name, UUID.nameUUIDFromBytes(name.getBytes()))
                .userMode(TYPES.get(name)).ibs(TICK).obs(TICK).cps(1_000_000)
                .instanceMaxCount(4).isPages("scripted".equals(name) ? 1 : 0)
                .inputPins("minimal".equals(name) ? 1 : 0) // the others leave their pins undeclared
                .outputPins("minimal".equals(name) ? 1 : 0)
                .loadType("agent".equals(name) ? org.sofj.api.LoadType.MODULE
                        : org.sofj.api.LoadType.LLEXT).build());
    }

    @Override
    public ProcessingModule create(String name) {
        CREATED_ON.add(Thread.currentThread());
        final Script script = SCRIPTS.get(name);
        if (script != null && script.create != null) {
            throw script.create;
        }
        switch (name) {
            case "src": return new Generator();
            case "cap": return new Capture();
            case "minimal": return new Minimal();
            case "kpass":
            case "pass":
            case "upass": return new Pass();
            default: return new Scripted(name);
        }
    }

    /** Writes a counter pattern, one int per sample, OBS bytes per tick. */
    static final class Generator implements ProcessingModule {
        private final AudioRegion out = new AudioRegion();
        private MemoryAccess mem;
        private int next;

        @Override
        public int init(ModuleContext context) {
            mem = context.access();
            return 0;
        }

        @Override
        public int process(Source[] sources, Sink[] sinks) {
            if (sinks.length == 0 || sinks[0].getBuffer(TICK, out) != 0) {
                return -Errno.ENOSPC;
            }
            for (int i = 0; i < TICK; i += 4) {
                mem.putInt(out.addressAt(i), next++);
            }
            return sinks[0].commitBuffer(TICK);
        }
    }

    /** Copies IBS bytes from its source into a Java array the test reads. */
    static final class Capture implements ProcessingModule {
        final int[] captured = new int[1 << 16];
        volatile int count;
        private final AudioRegion in = new AudioRegion();
        private MemoryAccess mem;

        @Override
        public int init(ModuleContext context) {
            mem = context.access();
            return 0;
        }

        @Override
        public int process(Source[] sources, Sink[] sinks) {
            if (sources.length == 0 || sources[0].getData(TICK, in) != 0) {
                return -Errno.ENODATA;
            }
            int n = count;
            for (int i = 0; i < TICK && n < captured.length; i += 4) {
                captured[n++] = mem.getInt(in.addressAt(i));
            }
            count = n;
            return sources[0].releaseData(TICK);
        }
    }

    /** Copies its source to its sink, IBS at a time. */
    static final class Pass implements ProcessingModule {
        private final AudioRegion in = new AudioRegion();
        private final AudioRegion out = new AudioRegion();
        private MemoryAccess mem;

        @Override
        public int init(ModuleContext context) {
            mem = context.access();
            return 0;
        }

        @Override
        public int process(Source[] sources, Sink[] sinks) {
            if (sources.length == 0 || sinks.length == 0) {
                return -Errno.ENODATA;
            }
            if (sources[0].getData(TICK, in) != 0) {
                return -Errno.ENODATA;
            }
            if (sinks[0].getBuffer(TICK, out) != 0) {
                sources[0].releaseData(0);
                return -Errno.ENOSPC;
            }
            for (int i = 0; i < TICK; i += 4) {
                mem.putInt(out.addressAt(i), mem.getInt(in.addressAt(i)));
            }
            sinks[0].commitBuffer(TICK);
            return sources[0].releaseData(TICK);
        }
    }

    /** Implements only init and process. */
    static final class Minimal implements ProcessingModule {
        @Override
        public int init(ModuleContext context) {
            return 0;
        }

        @Override
        public int process(Source[] sources, Sink[] sinks) {
            return 0;
        }
    }

    /** Implements every operation, each through the script registered under its name. */
    static final class Scripted implements ProcessingModule {
        private final String name;
        private final Pass pass = new Pass();
        ModuleContext ctx;

        Scripted(String name) {
            this.name = name;
        }

        private Script script() {
            return SCRIPTS.getOrDefault(name, new Script());
        }

        @Override
        public int init(ModuleContext context) {
            ctx = context;
            pass.init(context);
            final OpHook h = script().init;
            return h == null ? 0 : h.run(ctx);
        }

        @Override
        public int process(Source[] sources, Sink[] sinks) {
            final ProcessHook h = script().process;
            return h == null ? pass.process(sources, sinks) : h.run(ctx, sources, sinks);
        }

        @Override
        public int prepare(Source[] sources, Sink[] sinks) {
            final OpHook h = script().prepare;
            return h == null ? 0 : h.run(ctx);
        }

        @Override
        public int reset() {
            final OpHook h = script().reset;
            return h == null ? 0 : h.run(ctx);
        }

        @Override
        public int free() {
            final OpHook h = script().free;
            return h == null ? 0 : h.run(ctx);
        }

        @Override
        public int trigger(TriggerCommand command) {
            final TriggerHook h = script().trigger;
            return h == null ? 0 : h.run(ctx, command);
        }

        @Override
        public int setConfiguration(int configId, ConfigFragment position, int dataOffsetSize,
                MemoryView fragment) {
            final ConfigHook h = script().setConfig;
            return h == null ? 0 : h.run(ctx, fragment);
        }

        @Override
        public int getConfiguration(int configId, MemoryView response) {
            final ConfigHook h = script().getConfig;
            return h == null ? -Errno.EIO : h.run(ctx, response);
        }

        @Override
        public int bind(BindInfo info) {
            final BindHook h = script().bind;
            return h == null ? 0 : h.run(ctx, info);
        }

        @Override
        public int unbind(BindInfo info) {
            final BindHook h = script().unbind;
            return h == null ? 0 : h.run(ctx, info);
        }
    }
}
