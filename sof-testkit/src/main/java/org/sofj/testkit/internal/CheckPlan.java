package org.sofj.testkit.internal;

import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.sofj.api.ModuleDescription;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.spi.ModuleProvider;

/**
 * A module and resolved options for the conformance checks.
 *
 * @param provider       the author's provider
 * @param description    the module's description
 * @param library        the library the module comes from, as the loader would see it
 * @param format         the stream format
 * @param sources        source pins
 * @param sinks          sink pins
 * @param ibs            IBS in bytes (0 without sources)
 * @param obs            OBS in bytes
 * @param configs        blobs set after init and after each reset
 * @param initData       raw init parameters, or empty
 * @param initBlob       a blob whose address and size become the init data, or {@code null}
 * @param calls          direct process calls of the contract check
 * @param ticks          ticks per runtime segment
 * @param allowedReturns extra negative errnos process may return
 */
public record CheckPlan(ModuleProvider provider, ModuleDescription description,
        LibraryUnderTest library, AudioFormat format, int sources, int sinks, int ibs, int obs,
        List<StageSpec.ConfigBlob> configs, byte[] initData, byte[] initBlob, int calls,
        int ticks, Set<Integer> allowedReturns) {

    /** Copies. */
    public CheckPlan {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(format, "format");
        configs = List.copyOf(configs);
        initData = initData == null ? new byte[0] : initData.clone();
        allowedReturns = Set.copyOf(allowedReturns);
    }

    /** @return the module's name */
    public String name() {
        return description.name();
    }

    /** @return the module as a one-stage graph's stage, in its default domain */
    StageSpec stage() {
        return new StageSpec(provider, name(), description, Stages.domain(description, null),
                ibs, obs, configs, initData, initBlob);
    }
}
