package org.sofj.plugins.sample.internal;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.sofj.api.ModuleDescription;
import org.sofj.api.ProcessingModule;
import org.sofj.api.spi.ModuleProvider;

/**
 * The sample library's one provider: creates {@code gain}, {@code eq_iir}, {@code mixer},
 * {@code tone}, {@code passthru} and {@code fir} instances. Stateless and cheap; the runtime finds
 * it with {@link java.util.ServiceLoader} through the module descriptor (or
 * {@code META-INF/services} on the class path).
 *
 * <p>{@link #describe} returns the same values as the library's source manifest
 * ({@code META-INF/sofj/modules.toml}), for embedders and tests that run the modules without a
 * packed library; a test keeps the two in step.
 */
public final class SampleModuleProvider implements ModuleProvider {
    /** {@code gain}. */
    static final String GAIN = "gain";
    /** {@code eq_iir}. */
    static final String EQ_IIR = "eq_iir";
    /** {@code mixer}. */
    static final String MIXER = "mixer";
    /** {@code tone}. */
    static final String TONE = "tone";
    /** {@code passthru}. */
    static final String PASSTHRU = "passthru";
    /** {@code fir}. */
    static final String FIR = "fir";

    private static final Set<String> NAMES = Set.of(GAIN, EQ_IIR, MIXER, TONE, PASSTHRU, FIR);

    /** Creates the provider; does nothing else. */
    public SampleModuleProvider() {
    }

    /**
     * The six module names.
     *
     * @return {@code gain, eq_iir, mixer, tone, passthru, fir}
     */
    @Override
    public Set<String> moduleNames() {
        return NAMES;
    }

    /**
     * Creates an uninitialised instance.
     *
     * @param moduleName one of {@link #moduleNames()}
     * @return a new module
     * @throws IllegalArgumentException if the name is not one of them
     */
    @Override
    public ProcessingModule create(String moduleName) {
        switch (moduleName) {
            case GAIN: return new Gain();
            case EQ_IIR: return new EqIir();
            case MIXER: return new Mixer();
            case TONE: return new Tone();
            case PASSTHRU: return new Passthrough();
            case FIR: return new Fir();
            default:
                throw new IllegalArgumentException("moduleName=" + moduleName
                        + " is not one of " + NAMES);
        }
    }

    /**
     * The manifest's description of a module type, for use without a packed library.
     *
     * @param moduleName a module name
     * @return its description, or empty for an unknown name
     */
    @Override
    public Optional<ModuleDescription> describe(String moduleName) {
        switch (moduleName) {
            case GAIN:
                return Optional.of(ModuleDescription.builder(GAIN,
                        UUID.fromString("912c45d8-d4d1-4745-bafa-f07bd3f4d763"))
                        .instanceMaxCount(8).ibs(384).obs(384).cps(5000000).inputPins(1)
                        .outputPins(1).build());
            case EQ_IIR:
                return Optional.of(ModuleDescription.builder(EQ_IIR,
                        UUID.fromString("7217f80e-2cb1-49c9-b93c-7854d6bf003d"))
                        .userMode(true).instanceMaxCount(4).ibs(384).obs(384).heapBytes(8192)
                        .cps(10000000).inputPins(1).outputPins(1).build());
            case MIXER:
                return Optional.of(ModuleDescription.builder(MIXER,
                        UUID.fromString("622ba48c-868a-4561-9fc2-ecb0f8921eec"))
                        .instanceMaxCount(4).ibs(384).obs(384).cps(5000000)
                        .inputPins(Mixer.MAX_SOURCES).outputPins(1).build());
            case TONE:
                return Optional.of(ModuleDescription.builder(TONE,
                        UUID.fromString("880b821b-02a4-4ed0-85d8-eedd72066d37"))
                        .instanceMaxCount(4).ibs(0).obs(384).cps(5000000).inputPins(1)
                        .outputPins(1).build());
            case PASSTHRU:
                return Optional.of(ModuleDescription.builder(PASSTHRU,
                        UUID.fromString("d784953e-208c-41c5-98f1-63b83962bacb"))
                        .instanceMaxCount(8).ibs(384).obs(384).cps(2000000).inputPins(1)
                        .outputPins(1).build());
            case FIR:
                return Optional.of(ModuleDescription.builder(FIR,
                        UUID.fromString("64df4c22-31a4-4702-ab84-388e8ec0ea0a"))
                        .userMode(true).instanceMaxCount(2).ibs(384).obs(384).heapBytes(8192)
                        .cps(200000000).inputPins(1).outputPins(1).build());
            default:
                return Optional.empty();
        }
    }
}
