package org.sofj.testkit.internal;

import java.util.List;
import java.util.Objects;

import org.sofj.api.ModuleDescription;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.spi.ModuleProvider;
import org.sofj.runtime.host.HostEndpoints;
import org.sofj.runtime.ipc.ProcDomain;

/** Validation shared by the harness and conformance builders. */
public final class Stages {
    /**
     * The largest blob {@code initBlob} places: the hostbox (4096 bytes, the most the runtime
     * allows, as SOF's inbox window) less the room kept for the init data before it.
     */
    public static final int MAX_BLOB_BYTES = 4096 - GraphRun.BLOB_OFFSET;
    private Stages() {
    }

    /**
     * The description an in-process module must have to run as a built-in.
     *
     * @param provider the author's provider
     * @param name     a module name
     * @return its description
     * @throws IllegalArgumentException naming the module if the provider does not offer or
     *     describe it, or the name is reserved by the test kit
     */
    public static ModuleDescription describe(ModuleProvider provider, String name) {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(name, "moduleName");
        if (name.equals(HostEndpoints.HOST_IN) || name.equals(HostEndpoints.HOST_OUT)
                || name.equals(HostboxProbe.NAME)) {
            throw new IllegalArgumentException("moduleName=" + name + " is reserved by the "
                    + "test kit's host endpoints and probe");
        }
        if (!provider.moduleNames().contains(name)) {
            throw new IllegalArgumentException("provider " + provider.getClass().getName()
                    + " does not offer moduleName=" + name + " (it offers "
                    + provider.moduleNames() + ")");
        }
        return provider.describe(name).orElseThrow(() -> new IllegalArgumentException(
                "provider " + provider.getClass().getName() + " does not describe module="
                        + name + ": an in-process module runs as a built-in, which needs "
                        + "ModuleProvider.describe"));
    }

    /**
     * The domain a module runs in: DP for a user module (the only domain userspace supports);
     * for a kernel module the one asked for, LL by default.
     *
     * @param d     the description
     * @param asked the domain asked for, or {@code null}
     * @return the domain
     * @throws IllegalArgumentException if LL is asked for a user module
     */
    public static ProcDomain domain(ModuleDescription d, ProcDomain asked) {
        if (d.userMode() && asked == ProcDomain.LL) {
            throw new IllegalArgumentException("module=" + d.name() + " is user mode: it runs "
                    + "DP only, as in SOF");
        }
        return asked != null ? asked : d.userMode() ? ProcDomain.DP : ProcDomain.LL;
    }

    /**
     * Refuses DP next to DP: the runtime binds DP to LL only, as SOF does.
     *
     * @param stages the chain
     * @throws IllegalArgumentException naming the two modules
     */
    public static void checkChain(List<StageSpec> stages) {
        for (int i = 0; i + 1 < stages.size(); i++) {
            if (stages.get(i).domain() == ProcDomain.DP
                    && stages.get(i + 1).domain() == ProcDomain.DP) {
                throw new IllegalArgumentException("modules " + stages.get(i).name() + " and "
                        + stages.get(i + 1).name() + " are both DP: a DP module binds only to "
                        + "LL modules, as in SOF; put an LL module between them");
            }
        }
    }

    /**
     * @param format the stream format
     * @return bytes of one 1 ms period
     * @throws IllegalArgumentException if the rate gives no whole frame per ms
     */
    public static int period(AudioFormat format) {
        final int bytes = format.bytesPerPeriod(1000);
        if (bytes == 0 || format.rate() % 1000 != 0) {
            throw new IllegalArgumentException("rate=" + format.rate() + " must be a multiple of "
                    + "1000 Hz: the test kit moves whole 1 ms periods");
        }
        return bytes;
    }

    /**
     * Checks a blob to place with {@code initBlob}.
     *
     * @param blob the blob
     * @return the blob
     * @throws IllegalArgumentException if it is empty or larger than {@link #MAX_BLOB_BYTES}
     */
    public static byte[] checkBlob(byte[] blob) {
        if (blob.length == 0 || blob.length > MAX_BLOB_BYTES) {
            throw new IllegalArgumentException("blob=" + blob.length + " bytes must be in [1, "
                    + MAX_BLOB_BYTES + "]: it is placed in the hostbox, which init data may read");
        }
        return blob;
    }

    /**
     * Pads PCM with silence to a whole number of periods.
     *
     * @param pcm    the PCM
     * @param period the period in bytes
     * @return the padded copy
     */
    public static byte[] pad(byte[] pcm, int period) {
        final int periods = (pcm.length + period - 1) / period;
        return java.util.Arrays.copyOf(pcm, periods * period);
    }
}
