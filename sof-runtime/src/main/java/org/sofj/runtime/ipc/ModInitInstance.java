package org.sofj.runtime.ipc;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

import org.sofj.api.BaseConfig;

/**
 * {@code SOF_IPC4_MOD_INIT_INSTANCE} (0): create an instance of a module. SOF's
 * {@code struct ipc4_module_init_instance} ({@code src/include/ipc4/module.h}); the payload is
 * the parameter block of {@code param_block_size} DWORDs.
 *
 * <pre>
 * primary
 * bit  31  30  29  28..24  23..16        15..0
 *     +---+---+---+-------+-------------+-----------+
 *     | 0 | 1 | 0 |   0   | instance_id | module_id |
 *     +---+---+---+-------+-------------+-----------+
 * extension
 * bit  31..30  29            28           27..24   23..16           15..0
 *     +-------+-------------+------------+--------+----------------+------------------+
 *     |   0   |extended_init| proc_domain| core_id| ppl_instance_id| param_block_size |
 *     +-------+-------------+------------+--------+----------------+------------------+
 *                                0 = LL, 1 = DP                     in DWORDs
 * </pre>
 *
 * <p>The parameter block, little-endian (layout in {@link InitPayload}): with
 * {@code extended_init}, first {@code ipc4_module_init_ext_init} and its object array, of which
 * sofj reads the DP-data object; then {@code ipc4_base_module_cfg} (40 bytes); then the
 * module-specific remainder, {@link #initData()}.
 *
 * <p>{@link BaseConfig#cps()} is not carried by IPC4 (the manifest supplies it) and must be 0;
 * the audio format's valid bits must be its sample format's (16, 24 in 32, 32, float 32), the
 * only combinations the codec maps one to one.
 *
 * @param moduleId   the module id, 0..65535 ({@code lib_id << 12 | index})
 * @param instanceId the instance id, 0..255
 * @param core       {@code core_id}, 0..15
 * @param pipelineId {@code ppl_instance_id}, 0..255; 255 ({@code IPC4_INVALID_PIPELINE_ID})
 *                   means no parent pipeline
 * @param domain     {@code proc_domain}
 * @param baseConfig the base configuration, with {@code cps} 0
 * @param initData   the module-specific remainder of the parameter block, a whole number of
 *                   DWORDs; copied
 * @param dpData     the DP memory request of the extended init, if any; present means the
 *                   message is encoded with {@code extended_init}
 */
public record ModInitInstance(int moduleId, int instanceId, int core, int pipelineId,
        ProcDomain domain, BaseConfig baseConfig, byte[] initData, Optional<DpData> dpData)
        implements Ipc4Message {

    /**
     * Validates the fields and copies {@code initData}.
     *
     * @param moduleId the module id, 0..65535 ({@code lib_id << 12 | index})
     * @param instanceId the instance id, 0..255
     * @param core {@code core_id}, 0..15
     * @param pipelineId {@code ppl_instance_id}, 0..255; 255 ({@code IPC4_INVALID_PIPELINE_ID})
     *     means no parent pipeline
     * @param domain {@code proc_domain}
     * @param baseConfig the base configuration, with {@code cps} 0
     * @param initData the module-specific remainder of the parameter block, a whole number of
     *     DWORDs; copied
     * @param dpData the DP memory request of the extended init, if any; present means the message
     *     is encoded with {@code extended_init}
     * @throws IllegalArgumentException naming the field and value if out of range, if
     *     {@code baseConfig.cps} is not 0, if the audio format is not representable, if
     *     {@code initData} is not whole DWORDs, or if the parameter block would exceed
     *     {@link Ipc4Header#MAX_MESSAGE_SIZE}
     * @throws NullPointerException if a reference is null
     */
    public ModInitInstance {
        ModuleFields.checkIds(moduleId, instanceId);
        Fields.check("core", core, 0, 0xF);
        Fields.check("pipelineId", pipelineId, 0, Ipc4Header.INVALID_PIPELINE_ID);
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(baseConfig, "baseConfig");
        Objects.requireNonNull(initData, "initData");
        Objects.requireNonNull(dpData, "dpData");
        if (baseConfig.cps() != 0) {
            throw new IllegalArgumentException("baseConfig.cps=" + baseConfig.cps()
                    + " is not carried by IPC4 and must be 0");
        }
        InitPayload.requireEncodable(baseConfig.audioFormat());
        if (initData.length % Integer.BYTES != 0) {
            throw new IllegalArgumentException("initData.length=" + initData.length
                    + " must be a multiple of 4");
        }
        final int blockBytes = InitPayload.blockBytes(initData.length, dpData.isPresent());
        if (blockBytes > Ipc4Header.MAX_MESSAGE_SIZE) {
            throw new IllegalArgumentException("parameter block " + blockBytes
                    + " bytes (initData.length=" + initData.length + ") exceeds "
                    + Ipc4Header.MAX_MESSAGE_SIZE);
        }
        initData = initData.clone();
    }

    /**
     * An instance without extended init.
     *
     * @param moduleId   the module id
     * @param instanceId the instance id
     * @param core       the core
     * @param pipelineId the parent pipeline
     * @param domain     the processing domain
     * @param baseConfig the base configuration
     * @param initData   the module-specific data
     */
    public ModInitInstance(int moduleId, int instanceId, int core, int pipelineId,
            ProcDomain domain, BaseConfig baseConfig, byte[] initData) {
        this(moduleId, instanceId, core, pipelineId, domain, baseConfig, initData,
                Optional.empty());
    }

    /** {@return a copy of the module-specific data} */
    @Override
    public byte[] initData() {
        return initData.clone();
    }

    /** Package-private: the data itself, for the codec, which never writes it. */
    byte[] initDataUnsafe() {
        return initData;
    }

    /** {@return whether {@code o} has the same fields and init data bytes} */
    @Override
    public boolean equals(Object o) {
        return o instanceof ModInitInstance m && moduleId == m.moduleId
                && instanceId == m.instanceId && core == m.core && pipelineId == m.pipelineId
                && domain == m.domain && baseConfig.equals(m.baseConfig)
                && Arrays.equals(initData, m.initData) && dpData.equals(m.dpData);
    }

    /** {@return a hash of the fields and init data bytes} */
    @Override
    public int hashCode() {
        return Objects.hash(moduleId, instanceId, core, pipelineId, domain, baseConfig, dpData)
                * 31 + Arrays.hashCode(initData);
    }

    /** {@return the fields and the init data bytes} */
    @Override
    public String toString() {
        return "ModInitInstance[moduleId=" + moduleId + ", instanceId=" + instanceId + ", core="
                + core + ", pipelineId=" + pipelineId + ", domain=" + domain + ", baseConfig="
                + baseConfig + ", initData=" + Arrays.toString(initData) + ", dpData=" + dpData
                + "]";
    }
}
