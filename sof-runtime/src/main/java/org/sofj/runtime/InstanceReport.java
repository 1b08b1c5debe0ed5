package org.sofj.runtime;

import org.sofj.api.spi.LatencySnapshot;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * What one instance cost and did, for reports.
 *
 * @param componentId    the instance
 * @param name           its module's name
 * @param userMode       whether it ran in user mode
 * @param domain         LL or DP
 * @param faulted        whether it is FAULTED
 * @param processTime    its process-time distribution, nanoseconds
 * @param budgetUse      process time over the CPS budget for its period (1.0 = the whole budget);
 *                       0 if the module declares no CPS
 * @param heapUsed       bytes its heap has in use now (the driver heap for a user module, its own
 *                       allocations for a kernel module)
 * @param heapHighWater  the most its heap ever had in use
 * @param liveAllocations allocations it holds now (the leak report's length)
 * @param deadlineMisses misses charged to the module: DP runs over their period, or a user LL
 *                       module's process calls over the tick
 * @param xruns          underruns on its inputs plus overruns on its outputs, as its buffers count
 *                       them (the first ticks of a pipeline count while data is on its way)
 */
public record InstanceReport(int componentId, String name, boolean userMode, ProcDomain domain,
        boolean faulted, LatencySnapshot processTime, double budgetUse, long heapUsed,
        long heapHighWater, int liveAllocations, long deadlineMisses, long xruns) {
}
