package org.sofj.runtime.host;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.sofj.api.Errno;
import org.sofj.api.ModuleContext;
import org.sofj.api.ModuleDescription;
import org.sofj.api.ProcessingModule;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.spi.ModuleProvider;

/**
 * Built-in host endpoints, SOF's host copiers: {@code host_in} (a kernel LL source that plays
 * what the embedder writes into its {@link HostPort}) and {@code host_out} (a kernel LL sink that
 * the embedder reads from). Register an instance with
 * {@link org.sofj.runtime.SofRuntimeBuilder#builtIn}; after creating an endpoint instance, find
 * its port with {@link #port(int)}.
 *
 * <p>Each tick an endpoint moves exactly its IBS (host_out) or OBS (host_in) bytes: host_in plays
 * silence for a period it lacks (an underrun) and host_out drops a period it has no room for (an
 * overrun); both are counted on the port. Neither allocates while processing.
 */
public final class HostEndpoints implements ModuleProvider {
    /** The name of the playback endpoint. */
    public static final String HOST_IN = "host_in";
    /** The name of the capture endpoint. */
    public static final String HOST_OUT = "host_out";
    /** Default port capacity: one second of 48 kHz stereo S32. */
    public static final int DEFAULT_CAPACITY = 384_000;

    private final Map<Integer, HostPort> ports = new ConcurrentHashMap<>();
    private final int capacity;

    /** Endpoints with {@link #DEFAULT_CAPACITY}-byte ports. */
    public HostEndpoints() {
        this(DEFAULT_CAPACITY);
    }

    /**
     * Endpoints with ports of a given capacity.
     *
     * @param capacity bytes per port, {@code > 0}
     */
    public HostEndpoints(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity=" + capacity + " must be positive");
        }
        this.capacity = capacity;
    }

    /**
     * The port of an endpoint instance.
     *
     * @param componentId the instance's component id
     * @return its port
     * @throws IllegalArgumentException if no endpoint instance of this provider has that id
     */
    public HostPort port(int componentId) {
        final HostPort p = ports.get(componentId);
        if (p == null) {
            throw new IllegalArgumentException("comp_id=0x" + Integer.toHexString(componentId)
                    + " is not a live host endpoint");
        }
        return p;
    }

    @Override
    public Set<String> moduleNames() {
        return Set.of(HOST_IN, HOST_OUT);
    }

    @Override
    public Optional<ModuleDescription> describe(String moduleName) {
        if (!moduleNames().contains(moduleName)) {
            return Optional.empty();
        }
        return Optional.of(ModuleDescription.builder(moduleName,
                UUID.nameUUIDFromBytes(("sofj." + moduleName).getBytes(
                        java.nio.charset.StandardCharsets.US_ASCII)))
                .loadType(org.sofj.api.LoadType.BUILTIN).instanceMaxCount(16).inputPins(1)
                .outputPins(1).build());
    }

    @Override
    public ProcessingModule create(String moduleName) {
        switch (moduleName) {
            case HOST_IN: return new Endpoint(true);
            case HOST_OUT: return new Endpoint(false);
            default: throw new IllegalArgumentException("module=" + moduleName
                    + " is not a host endpoint");
        }
    }

    /** One endpoint instance. */
    private final class Endpoint implements ProcessingModule {
        private final boolean playback;
        private final AudioRegion region = new AudioRegion();
        private byte[] period;
        private HostPort port;
        private MemoryAccess mem;
        private int bytes;
        private int componentId;

        Endpoint(boolean playback) {
            this.playback = playback;
        }

        @Override
        public int init(ModuleContext context) {
            bytes = playback ? context.baseConfig().obs() : context.baseConfig().ibs();
            if (bytes <= 0 || bytes > capacity) {
                return -Errno.EINVAL;
            }
            mem = context.access();
            period = new byte[bytes];
            port = new HostPort(capacity);
            componentId = context.componentId();
            ports.put(componentId, port);
            return 0;
        }

        @Override
        public int process(Source[] sources, Sink[] sinks) {
            return playback ? play(sinks) : capture(sources);
        }

        private int play(Sink[] sinks) {
            if (sinks.length == 0 || sinks[0].getBuffer(bytes, region) != 0) {
                return -Errno.ENOSPC;
            }
            if (port.available() >= bytes) {
                port.read(period, 0, bytes);
            } else {
                java.util.Arrays.fill(period, (byte) 0);
                port.countUnderrun();
            }
            copyOut(period);
            return sinks[0].commitBuffer(bytes);
        }

        private int capture(Source[] sources) {
            if (sources.length == 0 || sources[0].getData(bytes, region) != 0) {
                return -Errno.ENODATA;
            }
            // straight from the ring into the port: one copy of the period, not two
            if (port.writeFrom(mem, region, bytes) == 0) {
                port.countOverrun();
            }
            return sources[0].releaseData(bytes);
        }

        private void copyOut(byte[] src) {
            final long first = region.contiguousLength();
            mem.putBytes(region.address(), src, 0, (int) first);
            if (first < bytes) {
                mem.putBytes(region.bufferStart(), src, (int) first, (int) (bytes - first));
            }
        }

        @Override
        public int free() {
            ports.remove(componentId);
            return 0;
        }
    }
}
