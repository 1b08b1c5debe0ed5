package org.sofj.runtime;

import java.util.Arrays;
import java.util.Objects;

import org.sofj.api.BaseConfig;
import org.sofj.api.ModuleIds;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * What {@code MOD_INIT_INSTANCE} asks for.
 *
 * @param moduleId   {@code lib_id << 12 | index}
 * @param instanceId the instance id, 0..255 (IPC4's 8-bit {@code instance_id})
 * @param core       the core, {@code [0, cores)}
 * @param pipelineId the parent pipeline
 * @param domain     LL or DP
 * @param baseConfig IBS, OBS, CPC, pages and the audio format
 * @param initData   the module-specific rest of the parameter block (may be empty)
 * @param heapBytes  the driver heap the topology asks for; 0 = the manifest's request, else the
 *                   default 4096
 * @param stackBytes the DP stack the topology asks for; 0 = the manifest's request, else 4096
 * @param allocationBudget the Java heap bytes a user-mode instance's code may allocate over its
 *                   life before it is FAULTED; 0 = the runtime's budget
 *                   ({@link SofRuntimeBuilder#allocationBudget}, default 256 MiB). It is the
 *                   integrator's limit, so it comes from here (the topology), never from the
 *                   library's own manifest. Only user-mode instances have one: a kernel-mode
 *                   module is trusted, and a non-zero value for one is refused at init.
 */
public record InstanceSpec(int moduleId, int instanceId, int core, int pipelineId,
        ProcDomain domain, BaseConfig baseConfig, byte[] initData, long heapBytes,
        long stackBytes, long allocationBudget) {

    /**
     * Validates and copies.
     *
     * @param moduleId {@code lib_id << 12 | index}
     * @param instanceId the instance id, 0..255 (IPC4's 8-bit {@code instance_id})
     * @param core the core, {@code [0, cores)}
     * @param pipelineId the parent pipeline
     * @param domain LL or DP
     * @param baseConfig IBS, OBS, CPC, pages and the audio format
     * @param initData the module-specific rest of the parameter block (may be empty)
     * @param heapBytes the driver heap the topology asks for; 0 = the manifest's request, else the
     *     default 4096
     * @param stackBytes the DP stack the topology asks for; 0 = the manifest's request, else 4096
     * @param allocationBudget the Java heap bytes a user-mode instance's code may allocate over its
     *     life before it is FAULTED; 0 = the runtime's budget
     *     ({@link SofRuntimeBuilder#allocationBudget}, default 256 MiB). It is the integrator's
     *     limit, so it comes from here (the topology), never from the library's own manifest. Only
     *     user-mode instances have one: a kernel-mode module is trusted, and a non-zero value for
     *     one is refused at init.
     * @throws IllegalArgumentException naming the field and value if out of range
     */
    public InstanceSpec {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(baseConfig, "baseConfig");
        ModuleIds.componentId(instanceId, moduleId);
        if (core < 0) {
            throw new IllegalArgumentException("core=" + core + " must not be negative");
        }
        if (heapBytes < 0 || stackBytes < 0) {
            throw new IllegalArgumentException("heapBytes=" + heapBytes + " stackBytes="
                    + stackBytes + " must not be negative");
        }
        if (allocationBudget < 0) {
            throw new IllegalArgumentException("allocationBudget=" + allocationBudget
                    + " must not be negative (0 = the runtime's budget)");
        }
        initData = initData == null ? new byte[0] : initData.clone();
    }

    /**
     * A spec with the runtime's allocation budget ({@code allocationBudget = 0}).
     *
     * @param moduleId   {@code lib_id << 12 | index}
     * @param instanceId the instance id, 0..255 (IPC4's 8-bit {@code instance_id})
     * @param core       the core, {@code [0, cores)}
     * @param pipelineId the parent pipeline
     * @param domain     LL or DP
     * @param baseConfig IBS, OBS, CPC, pages and the audio format
     * @param initData   the module-specific rest of the parameter block (may be empty)
     * @param heapBytes  the driver heap asked for; 0 = the manifest's request, else 4096
     * @param stackBytes the DP stack asked for; 0 = the manifest's request, else 4096
     * @throws IllegalArgumentException naming the field and value if out of range
     */
    public InstanceSpec(int moduleId, int instanceId, int core, int pipelineId,
            ProcDomain domain, BaseConfig baseConfig, byte[] initData, long heapBytes,
            long stackBytes) {
        this(moduleId, instanceId, core, pipelineId, domain, baseConfig, initData, heapBytes,
                stackBytes, 0);
    }

    /** {@return {@code instance_id << 16 | module_id}} */
    public int componentId() {
        return ModuleIds.componentId(instanceId, moduleId);
    }

    /** {@return a copy of the init data} */
    @Override
    public byte[] initData() {
        return initData.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InstanceSpec s && s.moduleId == moduleId
                && s.instanceId == instanceId && s.core == core && s.pipelineId == pipelineId
                && s.domain == domain && s.baseConfig.equals(baseConfig)
                && Arrays.equals(s.initData, initData) && s.heapBytes == heapBytes
                && s.stackBytes == stackBytes && s.allocationBudget == allocationBudget;
    }

    @Override
    public int hashCode() {
        return Objects.hash(moduleId, instanceId, core, pipelineId, domain, baseConfig,
                Arrays.hashCode(initData), heapBytes, stackBytes, allocationBudget);
    }

    @Override
    public String toString() {
        return "InstanceSpec[comp_id=0x" + Integer.toHexString(componentId()) + " core=" + core
                + " pipeline=" + pipelineId + " domain=" + domain + " " + baseConfig
                + " initData=" + initData.length + "B heapBytes=" + heapBytes + " stackBytes="
                + stackBytes + " allocationBudget=" + allocationBudget + "]";
    }
}
