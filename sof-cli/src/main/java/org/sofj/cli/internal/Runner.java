package org.sofj.cli.internal;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.sofj.api.spi.HostStalls;
import org.sofj.api.spi.SchedulerConfig;
import org.sofj.runtime.RuntimeEvent;
import org.sofj.runtime.host.HostEndpoints;
import org.sofj.runtime.host.HostPort;
import org.sofj.runtime.topology.Topology;

/**
 * Drives a {@link Session} for a number of 1 ms ticks: keeps every {@code host_in} port fed (the
 * input, then silence once it ends) and drains every {@code host_out} port. Virtual clock: one
 * {@code runTicks(1)} per tick on this thread, so a run is deterministic. Wall clock: the LL
 * threads run on their own and this thread only feeds, drains and parks briefly.
 */
final class Runner {
    /** Periods kept queued ahead in a host_in port. */
    static final int LEAD_PERIODS = 100;
    private static final long WALL_POLL_NANOS = 5_000_000L;
    /** Wall clock: ticks of output room kept past the last one asked for (a second). */
    static final int WALL_SLACK_TICKS = 1000;
    /**
     * Wall-clock ticks of start-up: the DP scheduler's start-up grace (JIT compilation of the
     * first runs). Xruns before it are counted apart in the report.
     */
    static final int STARTUP_TICKS = 1000;
    /** Host xrun events kept for the report's timeline. */
    static final int MAX_XRUN_MARKS = 500;

    private final Session session;
    private final Input input;
    /** The host_in feeds, in topology order: an array, so a tick's feed walks no iterator. */
    private final Feed[] feeds;
    private final Map<String, Pcm> outputs = new LinkedHashMap<>();
    private final Map<String, HostPort> outPorts = new LinkedHashMap<>();
    /** {@link #outPorts} and {@link #outputs} as arrays, in the same order: what drain walks. */
    private final HostPort[] drainPorts;
    private final Pcm[] drainOutputs;
    private final byte[] chunk;
    private volatile boolean stopped;
    /** Wall time spent in {@link #run}; the running thread's. */
    private long ranNanos;
    /** host_in ports first (in feed order), then host_out ports; their names; xruns seen. */
    private final HostPort[] hostPorts;
    private final String[] hostNames;
    private final long[] hostXrunsSeen;
    private final List<RuntimeEvent> xrunMarks = new ArrayList<>();
    private final Map<String, Long> xrunsAtStartup = new LinkedHashMap<>();
    private String threadPriorities = "";
    private HostStalls stallsAtStartup;

    /**
     * @param session the built session
     * @param input   PCM for every host_in in the pipeline format, or null for silence
     */
    Runner(Session session, byte[] input) {
        this(session, input, true);
    }

    /**
     * @param session    the built session
     * @param input      PCM for every host_in in the pipeline format, or null for silence
     * @param keepOutput false: every drain still reads each host_out port, but into one reused
     *                   buffer, so {@link #outputs} stays empty and memory flat however long the
     *                   run (the benchmarks: keeping 300 s of audio copied the whole output
     *                   again each time its array grew, inside the timed rounds)
     */
    Runner(Session session, byte[] input, boolean keepOutput) {
        this(session, input, keepOutput, Map.of(), false);
    }

    /**
     * A runner that streams: each host_out named in {@code files} goes to its WAV file as the
     * run drains it, a buffer at a time, and none is kept in memory ({@link #outputs} is empty).
     * The files are made now and finished by {@link #close}.
     *
     * @param session the built session
     * @param input   what every host_in plays, in the pipeline format ({@link Wav.Reader}: read
     *                a block at a time), or null for silence
     * @param files   host_out instance name to the WAV file it goes to; one not named is drained
     *                and dropped
     * @param levels  whether to meter each host_out's level per window ({@link #levels})
     * @throws CliException if a file cannot be made (the ones made before it are closed)
     */
    Runner(Session session, Input input, Map<String, Path> files, boolean levels) {
        this(session, input, false, files, levels);
    }

    private Runner(Session session, byte[] input, boolean keep, Map<String, Path> files,
            boolean levels) {
        this(session, input == null ? null : Input.of(input), keep, files, levels);
    }

    private Runner(Session session, Input input, boolean keep, Map<String, Path> files,
            boolean levels) {
        this.session = session;
        this.input = input == null ? Input.of(new byte[0]) : input;
        this.chunk = new byte[session.periodBytes * LEAD_PERIODS];
        final List<Feed> in = new ArrayList<>();
        final List<HostPort> ports = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        for (String name : session.named(HostEndpoints.HOST_IN)) {
            in.add(new Feed(session.endpoints.port(session.components.get(name))));
            ports.add(in.get(in.size() - 1).port);
            names.add(name);
        }
        try {
            for (String name : session.named(HostEndpoints.HOST_OUT)) {
                outPorts.put(name, session.endpoints.port(session.components.get(name)));
                final Path file = files.get(name);
                outputs.put(name, new Pcm(keep, session.periodBytes,
                        file == null ? null : Wav.Writer.open(file, session.topology.format()),
                        levels ? new LevelMeter(session.topology.format()) : null));
                ports.add(outPorts.get(name));
                names.add(name);
            }
        } catch (RuntimeException e) {
            close(); // the files opened before the one that failed
            throw e;
        }
        this.feeds = in.toArray(new Feed[0]);
        this.hostPorts = ports.toArray(new HostPort[0]);
        this.hostNames = names.toArray(new String[0]);
        this.hostXrunsSeen = new long[hostPorts.length];
        this.drainPorts = outPorts.values().toArray(new HostPort[0]);
        this.drainOutputs = outputs.values().toArray(new Pcm[0]);
    }

    /**
     * Runs {@code ticks} ticks.
     *
     * @param ticks    how many
     * @param clock    the session's clock
     * @param progress told the ticks done so far, now and then
     * @return the ticks run: {@code ticks}, or fewer if {@link #stop} was called
     */
    int run(int ticks, SchedulerConfig.Clock clock, Progress progress) {
        final long start = System.nanoTime();
        try {
            return runTicks(ticks, clock, progress);
        } finally {
            ranNanos += System.nanoTime() - start;
        }
    }

    /** @return wall time spent in {@link #run}, the ticks and the drains, in all */
    long ranNanos() {
        return ranNanos;
    }

    private int runTicks(int ticks, SchedulerConfig.Clock clock, Progress progress) {
        // room for a period per tick up front (and, on the wall clock, for the ticks that run
        // before the scheduler stops): no doubling copies of the kept output while the ticks
        // run, and no moment holding both the old and the new array (it was not the cause of
        // the wall clock's host stalls: docs/BENCHMARKS.md, "Wall clock, fifth session")
        for (Pcm p : drainOutputs) {
            p.presize((long) (clock == SchedulerConfig.Clock.VIRTUAL ? ticks
                    : ticks + WALL_SLACK_TICKS) * session.periodBytes);
        }
        if (clock == SchedulerConfig.Clock.VIRTUAL) {
            int t = 0;
            for (; t < ticks && !stopped; t++) {
                feed();
                session.runtime.runTicks(1);
                drain();
                markXruns(t);
                if ((t & 0xFF) == 0) {
                    progress.at(t, ticks);
                }
            }
            drain();
            progress.at(t, ticks);
            return t;
        } else {
            feed();
            session.runtime.start();
            long done;
            // the runtime counts the ticks of every simulated core
            final int cores = session.topology.cores();
            while ((done = session.runtime.ticks() / cores) < ticks && !stopped) {
                feed();
                drain();
                markXruns(done);
                if (done >= STARTUP_TICKS && xrunsAtStartup.isEmpty()) {
                    final List<RuntimeEvent> events = session.runtime.events();
                    final Map<String, Long> host = hostXruns();
                    for (Topology.Module m : session.topology.modules()) {
                        xrunsAtStartup.put(m.name(), RunReport.xruns(session, events, host,
                                m.name()));
                    }
                    stallsAtStartup = session.runtime.hostStalls();
                    // every thread is up by now
                    threadPriorities = HostThreads.priorities(session.runtime.hostPolicy());
                }
                progress.at(done, ticks);
                LockSupport.parkNanos(WALL_POLL_NANOS);
            }
            drain();
            final int ran = (int) Math.min(ticks, session.runtime.ticks() / cores);
            progress.at(ran, ticks);
            return ran;
        }
    }

    /**
     * Notes an XRUN event for each host port whose under- or overruns grew since the last look,
     * so the report's timeline can mark when the host side glitched (at most
     * {@link #MAX_XRUN_MARKS}; the xruns column keeps counting after that).
     */
    private void markXruns(long tick) {
        final HostPort[] ports = hostPorts;
        for (int i = 0; i < ports.length && xrunMarks.size() < MAX_XRUN_MARKS; i++) {
            final HostPort p = ports[i];
            final boolean in = i < feeds.length;
            final long total = in ? p.underruns() : p.overruns();
            if (total > hostXrunsSeen[i]) {
                final String name = hostNames[i];
                xrunMarks.add(new RuntimeEvent(RuntimeEvent.Kind.XRUN,
                        session.components.get(name), session.topology.module(name).pipeline(),
                        tick, name + ": " + (total - hostXrunsSeen[i]) + (in
                                ? " underrun(s): the host had no data ready"
                                : " overrun(s): the host did not read in time")));
                hostXrunsSeen[i] = total;
            }
        }
    }

    /**
     * @return each instance's xruns when the wall-clock run passed {@link #STARTUP_TICKS}, by
     *     name; empty if it did not (or on the virtual clock)
     */
    /**
     * @return the LL and DP threads' nice values as the host applied them, read at tick
     *         {@link #STARTUP_TICKS} of a wall-clock run; empty otherwise
     */
    /**
     * @param end the scheduler's host stalls at the end of the run
     * @return the stalls from tick {@link #STARTUP_TICKS} on, or null if the run did not pass
     *         start-up on the wall clock
     */
    HostStalls stallsAfterStartup(HostStalls end) {
        final HostStalls s = stallsAtStartup;
        return s == null ? null : new HostStalls(end.lateTicks() - s.lateTicks(),
                end.stalls() - s.stalls(), end.skippedTicks() - s.skippedTicks(),
                end.dpHolds() - s.dpHolds());
    }

    String threadPriorities() {
        return threadPriorities;
    }

    Map<String, Long> xrunsAtStartup() {
        return Map.copyOf(xrunsAtStartup);
    }

    /** @return host port xruns as events, oldest first */
    List<RuntimeEvent> xrunMarks() {
        return List.copyOf(xrunMarks);
    }

    /** Asks {@link #run} to return after the current tick; any thread. */
    void stop() {
        stopped = true;
    }

    /** @return what each host_out produced, by instance name (empty arrays unless kept) */
    Map<String, byte[]> outputs() {
        final Map<String, byte[]> out = new LinkedHashMap<>();
        outputs.forEach((k, v) -> out.put(k, v.toByteArray()));
        return out;
    }

    /** @return the bytes each host_out produced, by instance name, kept or not */
    Map<String, Long> outputBytes() {
        final Map<String, Long> out = new LinkedHashMap<>();
        outputs.forEach((k, v) -> out.put(k, v.total));
        return out;
    }

    /**
     * @return each host_out's level per window ({@link LevelMeter}), by instance name: metered
     *     as the run went, or from the kept audio; empty if neither
     */
    Map<String, double[]> levels() {
        final Map<String, double[]> out = new LinkedHashMap<>();
        outputs.forEach((k, v) -> {
            if (v.meter != null) {
                out.put(k, v.meter.levels());
            } else if (v.keep) {
                out.put(k, RunReport.levels(v.toByteArray(), session.topology.format()));
            }
        });
        return out;
    }

    /**
     * Writes what the buffers hold and finishes every WAV file (its header's sizes): after the
     * run, an interrupted one too. Idempotent.
     *
     * @throws CliException if a file cannot be written (every file is still closed)
     */
    void close() {
        CliException failed = null;
        for (Pcm p : outputs.values()) {
            try {
                p.close();
            } catch (CliException e) {
                failed = failed == null ? e : failed;
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** @return host_in underruns plus host_out overruns, by instance name */
    Map<String, Long> hostXruns() {
        final Map<String, Long> out = new LinkedHashMap<>();
        for (String name : session.named(HostEndpoints.HOST_IN)) {
            out.put(name, session.endpoints.port(session.components.get(name)).underruns());
        }
        outPorts.forEach((k, p) -> out.put(k, p.overruns()));
        return out;
    }

    private void feed() {
        final int lead = chunk.length;
        for (Feed f : feeds) {
            while (f.port.available() < lead && f.port.free() >= session.periodBytes) {
                final int n = Math.min(session.periodBytes, f.port.free());
                final int real = input.read(f.position, chunk, 0, n);
                java.util.Arrays.fill(chunk, real, n, (byte) 0); // silence once the input ends
                f.port.write(chunk, 0, n);
                f.position += n;
            }
        }
    }

    /**
     * Once per tick on the virtual clock: arrays, no map lookups, no iterator, no lock; the port
     * copies straight into the output, one copy per byte.
     */
    private void drain() {
        final HostPort[] ports = drainPorts;
        for (int i = 0; i < ports.length; i++) {
            final HostPort port = ports[i];
            final Pcm out = drainOutputs[i];
            int n;
            do {
                n = out.readFrom(port, session.periodBytes);
            } while (n > 0);
        }
    }

    /**
     * What a host_out produced: kept whole in a growable byte array (as
     * {@link ByteArrayOutputStream}, without its lock: only the running thread writes;
     * {@link #outputs} is read after the run), or read into a buffer of whole periods that goes
     * to a WAV file and a level meter each time it fills (streaming), or dropped.
     */
    private static final class Pcm {
        /** Periods a streaming buffer holds: one file write per this many ticks. */
        private static final int STREAM_PERIODS = 256;

        private final boolean keep;
        private final Wav.Writer file;
        private final LevelMeter meter;
        private byte[] bytes;
        private int size;
        /** Bytes read in all. */
        private long total;

        /**
         * @param keep   the whole output in memory
         * @param period bytes of one period
         * @param file   the WAV file it streams to, or null
         * @param meter  the level meter it feeds, or null
         */
        Pcm(boolean keep, int period, Wav.Writer file, LevelMeter meter) {
            this.keep = keep;
            this.file = file;
            this.meter = meter;
            this.bytes = new byte[this.keep ? 1 << 16 : period * (streams() ? STREAM_PERIODS
                    : 1)];
        }

        private boolean streams() {
            return file != null || meter != null;
        }

        /**
         * Makes room for {@code more} bytes past what it holds (doubling, or to the exact size
         * when that is more).
         */
        void reserve(long more) {
            if (more > bytes.length - size) {
                if (size + more > Integer.MAX_VALUE - 8) {
                    throw new CliException("host_out: more than 2 GiB of output in memory");
                }
                final long wanted = Math.max(size + more, 2L * bytes.length);
                bytes = java.util.Arrays.copyOf(bytes, (int) Math.min(wanted,
                        Integer.MAX_VALUE - 8));
            }
        }

        /**
         * Reads what {@code port} holds, up to the room left (at least {@code atLeast} bytes
         * of room are made first: by growing, by writing the buffer out, or by starting over).
         *
         * @return the bytes read
         */
        int readFrom(HostPort port, int atLeast) {
            if (port.available() == 0) {
                return 0;
            }
            if (keep) {
                reserve(atLeast);
            } else if (bytes.length - size < atLeast) {
                flush();
            }
            final int n = port.read(bytes, size, bytes.length - size);
            size += n;
            total += n;
            return n;
        }

        /** Streaming: the buffer to the file and the meter; dropping: starts over. */
        private void flush() {
            if (file != null) {
                file.write(bytes, 0, size);
            }
            if (meter != null) {
                meter.add(bytes, 0, size);
            }
            size = 0;
        }

        /**
         * Writes what the buffer holds and finishes the file: its header's sizes say what it
         * holds even when the write before failed (a full disk).
         */
        void close() {
            try {
                if (!keep && streams()) {
                    flush();
                }
            } finally {
                if (file != null) {
                    file.close();
                }
            }
        }

        /**
         * Grows to hold {@code more} bytes past what it holds (doubling at least, so runs in
         * rounds copy what they hold a logarithmic number of times), as far as the 2 GiB limit
         * allows: a hint, so a run that produces less never fails on it.
         */
        void presize(long more) {
            if (keep && more > bytes.length - size) {
                bytes = java.util.Arrays.copyOf(bytes, (int) Math.min(Math.max(size + more,
                        2L * bytes.length), Integer.MAX_VALUE - 8));
            }
        }

        byte[] toByteArray() {
            return keep ? java.util.Arrays.copyOf(bytes, size) : new byte[0];
        }
    }

    /** What the host_in ports play: samples in the pipeline's format, read by position. */
    interface Input {
        /**
         * Copies samples from {@code at} bytes in, as far as they go.
         *
         * @param at     where to start: a whole frame
         * @param dst    the destination
         * @param offset where in {@code dst}
         * @param length bytes wanted
         * @return bytes copied: {@code length}, or fewer (down to 0) at the end of the samples
         */
        int read(long at, byte[] dst, int offset, int length);

        /** @return the samples of an array */
        static Input of(byte[] pcm) {
            return (at, dst, offset, length) -> {
                final int n = (int) Math.max(0, Math.min(length, pcm.length - at));
                System.arraycopy(pcm, (int) Math.min(at, pcm.length), dst, offset, n);
                return n;
            };
        }
    }

    /** One host_in port and how far into the input it is. */
    private static final class Feed {
        final HostPort port;
        long position;

        Feed(HostPort port) {
            this.port = port;
        }
    }

    /** Told how far a run is. */
    interface Progress {
        /** Says nothing. */
        Progress NONE = (done, total) -> { };

        /**
         * @param done  ticks done
         * @param total ticks to do
         */
        void at(long done, long total);
    }
}
