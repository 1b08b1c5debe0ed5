package org.sofj.testkit.internal;

import java.util.List;
import java.util.Objects;

import org.sofj.api.ModuleDescription;
import org.sofj.api.spi.ModuleProvider;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * One module of a graph under test, validated by the public builders.
 *
 * @param provider    the author's provider
 * @param name        the module's name
 * @param description what {@code provider.describe(name)} says
 * @param domain      LL or DP
 * @param ibs         input buffer size in bytes (0 for a module without sources)
 * @param obs         output buffer size in bytes
 * @param configs     blobs set with {@code MOD_LARGE_CONFIG_SET} before start, in order
 * @param initData    raw init parameters, or empty
 * @param initBlob    a blob to place in readable memory whose address and size become the init
 *                    parameters, or {@code null}
 */
public record StageSpec(ModuleProvider provider, String name, ModuleDescription description,
        ProcDomain domain, int ibs, int obs, List<ConfigBlob> configs, byte[] initData,
        byte[] initBlob) {

    /** Validates and copies. */
    public StageSpec {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(domain, "domain");
        configs = List.copyOf(configs);
        initData = initData == null ? new byte[0] : initData.clone();
        initBlob = initBlob == null ? null : initBlob.clone();
        if (initBlob != null && initData.length > 0) {
            throw new IllegalArgumentException("module=" + name + ": initData and initBlob "
                    + "are exclusive");
        }
    }

    /**
     * One configuration blob.
     *
     * @param paramId the configuration id
     * @param blob    the bytes
     */
    public record ConfigBlob(int paramId, byte[] blob) {
        /** Copies. */
        public ConfigBlob {
            blob = blob.clone();
        }
    }
}
