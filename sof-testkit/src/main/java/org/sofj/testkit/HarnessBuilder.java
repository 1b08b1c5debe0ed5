package org.sofj.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

import org.sofj.api.ModuleDescription;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;
import org.sofj.api.spi.ModuleProvider;
import org.sofj.runtime.ipc.ProcDomain;
import org.sofj.testkit.internal.GraphSpec;
import org.sofj.testkit.internal.HarnessImpl;
import org.sofj.testkit.internal.StageSpec;
import org.sofj.testkit.internal.Stages;

/**
 * Builds a {@link ModuleHarness}. {@link #module} adds a module to the graph; the module options
 * ({@link #domain}, {@link #ibs}, {@link #obs}, {@link #config}, {@link #initData},
 * {@link #initBlob}) apply to the module added last. Each setter validates at once; setting an
 * option twice is an error ({@link #config} adds a blob each time).
 *
 * <p>The graph: input pin {@code i} (a host_in) feeds input pin {@code i} of the first module,
 * so several inputs make a fan-in; each module's output pin 0 feeds the next module's input pin 0;
 * the last module's output pins {@code 0 .. outputs-1} are each captured by a host_out. One
 * format for the whole graph. A user-mode module (per its description) runs DP; a kernel module
 * runs LL unless {@link #domain} asks for DP. Two DP modules may not be adjacent (SOF binds DP to
 * LL only).
 *
 * <p>Defaults: format 48 kHz stereo S32_LE; IBS and OBS one 1 ms period (IBS 0 for a first module
 * without inputs); one output; ticks: the longest input in periods plus
 * {@value #DRAIN_TICKS_PER_DP} per DP module plus 1, or {@value #DEFAULT_TICKS} without inputs.
 */
public final class HarnessBuilder {
    /** Ticks when there is no input to size the run. */
    public static final int DEFAULT_TICKS = 100;
    /** Extra ticks per DP module so the input drains: its period plus its startup delay. */
    public static final int DRAIN_TICKS_PER_DP = 2;

    private final List<Draft> drafts = new ArrayList<>();
    private final TreeMap<Integer, Object> inputs = new TreeMap<>();
    private AudioFormat format;
    private Integer ticks;
    private Integer outputs;

    HarnessBuilder() {
    }

    /** A module being added; its options are set once each. */
    private static final class Draft {
        final ModuleProvider provider;
        final ModuleDescription description;
        ProcDomain domain;
        Integer ibs;
        Integer obs;
        final List<StageSpec.ConfigBlob> configs = new ArrayList<>();
        byte[] initData;
        byte[] initBlob;

        Draft(ModuleProvider provider, ModuleDescription description) {
            this.provider = provider;
            this.description = description;
        }
    }

    private static <T> T once(T current, T value, String name) {
        if (current != null) {
            throw new IllegalStateException(name + " was already set");
        }
        return Objects.requireNonNull(value, name);
    }

    private Draft last(String option) {
        if (drafts.isEmpty()) {
            throw new IllegalStateException(option + " applies to a module: call module() first");
        }
        return drafts.get(drafts.size() - 1);
    }

    /**
     * Adds a module, run in-process as a built-in (library 0).
     *
     * @param provider   the author's provider; it must {@link ModuleProvider#describe} the module
     * @param moduleName the module's name
     * @return this
     * @throws IllegalArgumentException if the provider does not offer or describe it
     */
    public HarnessBuilder module(ModuleProvider provider, String moduleName) {
        drafts.add(new Draft(provider, Stages.describe(provider, moduleName)));
        return this;
    }

    /**
     * Sets the scheduling domain of the module added last; default DP for a user-mode module, LL
     * for a kernel one.
     *
     * @param value DP to run a kernel module in the DP domain; LL is refused for a user module
     * @return this
     * @throws IllegalStateException if no module was added yet, or its domain was already set
     */
    public HarnessBuilder domain(ProcDomain value) {
        final Draft d = last("domain");
        Stages.domain(d.description, value);
        d.domain = once(d.domain, value, "domain");
        return this;
    }

    /**
     * Sets the input buffer size of the module added last; default one 1 ms period of the format (0
     * for a first module without inputs).
     *
     * @param bytes the module's IBS, {@code >= 0}
     * @return this
     * @throws IllegalArgumentException naming the value if it is negative
     * @throws IllegalStateException if no module was added yet, or its IBS was already set
     */
    public HarnessBuilder ibs(int bytes) {
        final Draft d = last("ibs");
        d.ibs = once(d.ibs, nonNegative("ibs", bytes), "ibs");
        return this;
    }

    /**
     * Sets the output buffer size of the module added last; default one 1 ms period of the format.
     *
     * @param bytes the module's OBS, {@code > 0}
     * @return this
     * @throws IllegalArgumentException naming the value if it is not positive
     * @throws IllegalStateException if no module was added yet, or its OBS was already set
     */
    public HarnessBuilder obs(int bytes) {
        final Draft d = last("obs");
        if (bytes <= 0) {
            throw new IllegalArgumentException("obs=" + bytes + " must be positive");
        }
        d.obs = once(d.obs, bytes, "obs");
        return this;
    }

    /**
     * Adds a configuration blob with param id 0, set before the start.
     *
     * @param blob at most 8192 bytes
     * @return this
     */
    public HarnessBuilder config(byte[] blob) {
        return config(0, blob);
    }

    /**
     * Adds a configuration blob, set with {@code MOD_LARGE_CONFIG_SET} (fragmented as a host
     * would) before the start, after any added before it.
     *
     * @param paramId the configuration id
     * @param blob    at most 8192 bytes
     * @return this
     */
    public HarnessBuilder config(int paramId, byte[] blob) {
        Objects.requireNonNull(blob, "blob");
        if (blob.length > 8192) {
            throw new IllegalArgumentException("blob=" + blob.length + " bytes exceeds 8192");
        }
        last("config").configs.add(new StageSpec.ConfigBlob(paramId, blob));
        return this;
    }

    /**
     * Sets the raw init parameters of the module added last; default none.
     *
     * @param data the init parameters after the base config, as the module reads them through
     *     {@code ModuleContext.initDataAddress()}; not null, copied; exclusive with
     *     {@link #initBlob}
     * @return this
     * @throws NullPointerException if {@code data} is null
     * @throws IllegalStateException if no module was added yet, or its init data or init blob was
     *     already set
     */
    public HarnessBuilder initData(byte[] data) {
        final Draft d = last("initData");
        if (d.initBlob != null) {
            throw new IllegalStateException("initBlob was already set; initData is exclusive");
        }
        d.initData = once(d.initData, data, "initData").clone();
        return this;
    }

    /**
     * Init data with a blob placed in readable memory: the harness places {@code blob} in the
     * hostbox, past the init parameters, and makes the init data 8 little-endian bytes, the
     * blob's simulated address and its size. This is how a module gets a table (the sample
     * {@code fir} takes its taps this way). The blob is readable, as init data is, during
     * {@code init} only, also from a user module's domain; copy it or {@code fastGet} it there.
     * The hostbox is one 4 KiB page, so the blobs of a graph may take at most
     * 4032 bytes together (each rounded up
     * to 64).
     *
     * @param blob the bytes to place, 1 to
     *             4032
     * @return this
     */
    public HarnessBuilder initBlob(byte[] blob) {
        final Draft d = last("initBlob");
        if (d.initData != null) {
            throw new IllegalStateException("initData was already set; initBlob is exclusive");
        }
        d.initBlob = once(d.initBlob, Stages.checkBlob(blob), "initBlob").clone();
        return this;
    }

    /**
     * Sets the stream format of the whole graph; default 48 kHz stereo S32_LE.
     *
     * @param value the format, not null; its rate a multiple of 1000 Hz (the harness moves whole 1
     *     ms periods)
     * @return this
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException naming the rate if it is not a multiple of 1000 Hz
     * @throws IllegalStateException if the format was already set
     */
    public HarnessBuilder format(AudioFormat value) {
        Stages.period(value);
        format = once(format, value, "format");
        return this;
    }

    /**
     * Sets how many LL ticks the run lasts; default: the longest input in periods plus
     * {@value #DRAIN_TICKS_PER_DP} per DP module plus 1, or {@value #DEFAULT_TICKS} without inputs.
     *
     * @param value LL ticks (1 ms each) to run, {@code >= 1}
     * @return this
     * @throws IllegalArgumentException naming the value if it is not positive
     * @throws IllegalStateException if the tick count was already set
     */
    public HarnessBuilder ticks(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("ticks=" + value + " must be positive");
        }
        ticks = once(ticks, value, "ticks");
        return this;
    }

    /**
     * Sets how many output pins of the last module are captured; default 1.
     *
     * @param count output pins, 1..8
     * @return this
     * @throws IllegalArgumentException naming the value if it is out of range
     * @throws IllegalStateException if the count was already set
     */
    public HarnessBuilder outputs(int count) {
        if (count < 1 || count > 8) {
            throw new IllegalArgumentException("outputs=" + count + " must be in [1, 8]");
        }
        outputs = once(outputs, count, "outputs");
        return this;
    }

    /**
     * Feeds raw PCM bytes to an input pin.
     *
     * @param pin input pin, from 0
     * @param pcm interleaved little-endian PCM in the graph's format, copied; padded with silence
     *     to whole periods
     * @return this
     * @throws IllegalArgumentException naming the pin if it is outside 0..7
     * @throws IllegalStateException if that pin's input was already set
     */
    public HarnessBuilder input(int pin, byte[] pcm) {
        return putInput(pin, pcm.clone());
    }

    /**
     * Feeds S16 samples to an input pin.
     *
     * @param pin input pin, from 0
     * @param samples interleaved S16 samples, copied; the graph's format must be S16_LE
     * @return this
     * @throws IllegalArgumentException naming the pin if it is outside 0..7
     * @throws IllegalStateException if that pin's input was already set
     */
    public HarnessBuilder input(int pin, short[] samples) {
        return putInput(pin, samples.clone());
    }

    /**
     * Feeds 32-bit samples to an input pin.
     *
     * @param pin input pin, from 0
     * @param samples interleaved raw 32-bit containers, copied; the graph's format must be S32_LE
     *     or S24_4LE
     * @return this
     * @throws IllegalArgumentException naming the pin if it is outside 0..7
     * @throws IllegalStateException if that pin's input was already set
     */
    public HarnessBuilder input(int pin, int[] samples) {
        return putInput(pin, samples.clone());
    }

    /**
     * Feeds full-scale float samples to an input pin, converted to the graph's format.
     *
     * @param pin input pin, from 0
     * @param samples interleaved floats in [-1, 1], copied, converted to the graph's format
     *     ({@link Pcm#fromFloats})
     * @return this
     * @throws IllegalArgumentException naming the pin if it is outside 0..7
     * @throws IllegalStateException if that pin's input was already set
     */
    public HarnessBuilder input(int pin, float[] samples) {
        return putInput(pin, samples.clone());
    }

    private HarnessBuilder putInput(int pin, Object samples) {
        if (pin < 0 || pin >= 8) {
            throw new IllegalArgumentException("pin=" + pin + " must be in [0, 8)");
        }
        if (inputs.containsKey(pin)) {
            throw new IllegalStateException("input " + pin + " was already set");
        }
        inputs.put(pin, samples);
        return this;
    }

    /**
     * Checks the graph and returns the harness.
     *
     * @return the harness
     * @throws IllegalStateException    if no module was added
     * @throws IllegalArgumentException if input pins are not {@code 0..n-1}, an input does not
     *     match the format, a first module without IBS gets inputs, or two DP modules are adjacent
     */
    public ModuleHarness build() {
        if (drafts.isEmpty()) {
            throw new IllegalStateException("add a module with module() first");
        }
        final AudioFormat f = format != null ? format
                : AudioFormat.of(48000, 2, SampleFormat.S32_LE);
        final int period = Stages.period(f);
        final List<StageSpec> stages = new ArrayList<>();
        int dp = 0;
        for (int i = 0; i < drafts.size(); i++) {
            final Draft d = drafts.get(i);
            final int ibs = d.ibs != null ? d.ibs : i == 0 && inputs.isEmpty() ? 0 : period;
            final StageSpec s = new StageSpec(d.provider, d.description.name(), d.description,
                    Stages.domain(d.description, d.domain), ibs, d.obs != null ? d.obs : period,
                    d.configs, d.initData, d.initBlob);
            dp += s.domain() == ProcDomain.DP ? 1 : 0;
            stages.add(s);
        }
        Stages.checkChain(stages);
        final List<byte[]> pcm = new ArrayList<>();
        int longest = 0;
        for (int pin = 0; pin < inputs.size(); pin++) {
            if (!inputs.containsKey(pin)) {
                throw new IllegalArgumentException("input pins must be 0.." + (inputs.size() - 1)
                        + "; pin " + pin + " is missing");
            }
            if (stages.get(0).ibs() == 0) {
                throw new IllegalArgumentException("module=" + stages.get(0).name()
                        + " has IBS 0 (no input) but input " + pin + " was given");
            }
            final byte[] bytes = Stages.pad(toBytes(pin, inputs.get(pin), f),
                    stages.get(0).ibs());
            longest = Math.max(longest, bytes.length / stages.get(0).ibs());
            pcm.add(bytes);
        }
        final int run = ticks != null ? ticks
                : inputs.isEmpty() ? DEFAULT_TICKS : longest + DRAIN_TICKS_PER_DP * dp + 1;
        return new HarnessImpl(new GraphSpec(stages, f, pcm, outputs != null ? outputs : 1, run));
    }

    private static byte[] toBytes(int pin, Object samples, AudioFormat f) {
        final SampleFormat sf = f.sampleFormat();
        final byte[] bytes;
        if (samples instanceof byte[]) {
            bytes = (byte[]) samples;
        } else if (samples instanceof short[]) {
            require(pin, "short[]", sf == SampleFormat.S16_LE, f);
            bytes = Pcm.fromShorts((short[]) samples);
        } else if (samples instanceof int[]) {
            require(pin, "int[]", sf == SampleFormat.S32_LE || sf == SampleFormat.S24_4LE, f);
            bytes = Pcm.fromInts((int[]) samples);
        } else {
            bytes = Pcm.fromFloats((float[]) samples, sf);
        }
        if (bytes.length % f.frameBytes() != 0) {
            throw new IllegalArgumentException("input " + pin + " has " + bytes.length
                    + " bytes, not a whole number of " + f.frameBytes() + "-byte frames");
        }
        return bytes;
    }

    private static void require(int pin, String type, boolean ok, AudioFormat f) {
        if (!ok) {
            throw new IllegalArgumentException("input " + pin + " is " + type + " but the format "
                    + "is " + f.sampleFormat());
        }
    }

    private static int nonNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + "=" + value + " must not be negative");
        }
        return value;
    }
}
