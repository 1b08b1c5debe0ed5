package org.sofj.testkit;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;
import org.sofj.testkit.internal.StageSpec;
import org.sofj.testkit.internal.Stages;

/**
 * How {@link Conformance} runs a module. Build with {@link #builder()}, or take
 * {@link #defaults()}: 48 kHz stereo S32_LE; as many sources as the description implies (none if
 * its IBS is 0, else one) and one sink; IBS and OBS one 1 ms period (IBS 0 without sources);
 * {@value #DEFAULT_CALLS} direct {@code process} calls; {@value #DEFAULT_TICKS} ticks per runtime
 * segment; no configuration or init data.
 */
public final class ConformanceOptions {
    /** Direct {@code process} calls of the contract check. */
    public static final int DEFAULT_CALLS = 200;
    /** Ticks of each runtime segment of the reset and user-mode checks. */
    public static final int DEFAULT_TICKS = 20;

    final AudioFormat format;
    final int sources;
    final int sinks;
    final int ibs;
    final int obs;
    final List<StageSpec.ConfigBlob> configs;
    final byte[] initData;
    final byte[] initBlob;
    final int calls;
    final int ticks;
    final Set<Integer> allowedReturns;
    final Map<Check, String> skips;

    private ConformanceOptions(Builder b) {
        format = b.format != null ? b.format : AudioFormat.of(48000, 2, SampleFormat.S32_LE);
        sources = b.sources != null ? b.sources : -1;
        sinks = b.sinks != null ? b.sinks : 1;
        ibs = b.ibs != null ? b.ibs : -1;
        obs = b.obs != null ? b.obs : -1;
        configs = List.copyOf(b.configs);
        initData = b.initData;
        initBlob = b.initBlob;
        calls = b.calls != null ? b.calls : DEFAULT_CALLS;
        ticks = b.ticks != null ? b.ticks : DEFAULT_TICKS;
        allowedReturns = Set.copyOf(b.allowedReturns);
        skips = Map.copyOf(b.skips);
    }

    /** {@return the defaults} */
    public static ConformanceOptions defaults() {
        return builder().build();
    }

    /** {@return a new builder} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds {@link ConformanceOptions}. Each setter validates at once; setting an option twice
     * is an error ({@link #config}, {@link #allowReturn} and {@link #skip} add).
     */
    public static final class Builder {
        private AudioFormat format;
        private Integer sources;
        private Integer sinks;
        private Integer ibs;
        private Integer obs;
        private final List<StageSpec.ConfigBlob> configs = new ArrayList<>();
        private byte[] initData;
        private byte[] initBlob;
        private Integer calls;
        private Integer ticks;
        private final Set<Integer> allowedReturns = new TreeSet<>();
        private final Map<Check, String> skips = new EnumMap<>(Check.class);

        private Builder() {
        }

        private static <T> T once(T current, T value, String name) {
            if (current != null) {
                throw new IllegalStateException(name + " was already set");
            }
            return Objects.requireNonNull(value, name);
        }

        private static int range(String name, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + "=" + value + " must be in [" + min
                        + ", " + max + "]");
            }
            return value;
        }

        /**
         * Sets the stream format of every source and sink; default 48 kHz stereo S32_LE.
         *
         * @param value the format, not null; its rate a multiple of 1000 Hz (the kit moves whole 1
         *     ms periods)
         * @return this builder
         * @throws NullPointerException if {@code value} is null
         * @throws IllegalArgumentException naming the rate if it is not a multiple of 1000 Hz
         * @throws IllegalStateException if the format was already set
         */
        public Builder format(AudioFormat value) {
            Stages.period(value);
            format = once(format, value, "format");
            return this;
        }

        /**
         * Sets the number of sources the module gets; default one, or none when its IBS is 0.
         *
         * @param count source pins, 0..8 (a mixer takes several)
         * @return this builder
         * @throws IllegalArgumentException naming the value if it is out of range
         * @throws IllegalStateException if the count was already set
         */
        public Builder sources(int count) {
            sources = once(sources, range("sources", count, 0, 8), "sources");
            return this;
        }

        /**
         * Sets the number of sinks the module gets; default 1.
         *
         * @param count sink pins, 1..8
         * @return this builder
         * @throws IllegalArgumentException naming the value if it is out of range
         * @throws IllegalStateException if the count was already set
         */
        public Builder sinks(int count) {
            sinks = once(sinks, range("sinks", count, 1, 8), "sinks");
            return this;
        }

        /**
         * Sets the input buffer size the module is given; default one 1 ms period of the format (0
         * without sources).
         *
         * @param bytes IBS, {@code >= 0}
         * @return this builder
         * @throws IllegalArgumentException naming the value if it is negative
         * @throws IllegalStateException if the size was already set
         */
        public Builder ibs(int bytes) {
            ibs = once(ibs, range("ibs", bytes, 0, Integer.MAX_VALUE), "ibs");
            return this;
        }

        /**
         * Sets the output buffer size the module is given; default one 1 ms period of the format.
         *
         * @param bytes OBS, {@code > 0}
         * @return this builder
         * @throws IllegalArgumentException naming the value if it is not positive
         * @throws IllegalStateException if the size was already set
         */
        public Builder obs(int bytes) {
            obs = once(obs, range("obs", bytes, 1, Integer.MAX_VALUE), "obs");
            return this;
        }

        /**
         * Adds a configuration blob set after {@code init} (and again after each reset).
         *
         * @param paramId the configuration id
         * @param blob    at most 8192 bytes
         * @return this
         */
        public Builder config(int paramId, byte[] blob) {
            range("blob length", blob.length, 0, 8192);
            configs.add(new StageSpec.ConfigBlob(paramId, blob));
            return this;
        }

        /**
         * Sets the raw init parameters the module's {@code init} reads ({@code ModuleContext}'s
         * init data); default none.
         *
         * @param data the bytes, not null; copied
         * @return this builder
         * @throws NullPointerException if {@code data} is null
         * @throws IllegalStateException if init data or an init blob was already set
         */
        public Builder initData(byte[] data) {
            if (initBlob != null) {
                throw new IllegalStateException("initBlob was already set; initData is exclusive");
            }
            initData = once(initData, data, "initData").clone();
            return this;
        }

        /**
         * Init data with a blob placed in readable memory: 8 little-endian bytes, the blob's
         * simulated address and size (see {@link HarnessBuilder#initBlob}).
         *
         * @param blob the bytes to place, 1 to 4032
         * @return this
         */
        public Builder initBlob(byte[] blob) {
            if (initData != null) {
                throw new IllegalStateException("initData was already set; initBlob is exclusive");
            }
            initBlob = once(initBlob, Stages.checkBlob(blob), "initBlob").clone();
            return this;
        }

        /**
         * Sets how many direct {@code process} calls the sink/source contract check makes; default
         * {@value ConformanceOptions#DEFAULT_CALLS}.
         *
         * @param value calls, 10..100000
         * @return this builder
         * @throws IllegalArgumentException naming the value if it is out of range
         * @throws IllegalStateException if the count was already set
         */
        public Builder calls(int value) {
            calls = once(calls, range("calls", value, 10, 100_000), "calls");
            return this;
        }

        /**
         * Sets the ticks (1 ms each) of each runtime segment of the reset and user-mode checks;
         * default {@value ConformanceOptions#DEFAULT_TICKS}.
         *
         * @param value ticks per runtime segment, 5..10000
         * @return this builder
         * @throws IllegalArgumentException naming the value if it is out of range
         * @throws IllegalStateException if the count was already set
         */
        public Builder ticks(int value) {
            ticks = once(ticks, range("ticks", value, 5, 10_000), "ticks");
            return this;
        }

        /**
         * Allows {@code process} to return a documented negative errno besides {@code 0},
         * {@code -ENODATA} and {@code -ENOSPC}.
         *
         * @param code a negative errno, e.g. {@code -Errno.EIO}
         * @return this
         */
        public Builder allowReturn(int code) {
            if (code >= 0) {
                throw new IllegalArgumentException("code=" + code + " must be a negative errno");
            }
            allowedReturns.add(code);
            return this;
        }

        /**
         * Skips a check, reported as SKIPPED with the reason.
         *
         * @param check  the check
         * @param reason why, for the report; not blank
         * @return this
         */
        public Builder skip(Check check, String reason) {
            Objects.requireNonNull(check, "check");
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("a skip of " + check + " needs a reason");
            }
            if (skips.putIfAbsent(check, reason) != null) {
                throw new IllegalStateException("skip " + check + " was already set");
            }
            return this;
        }

        /** {@return the options} */
        public ConformanceOptions build() {
            return new ConformanceOptions(this);
        }
    }
}
