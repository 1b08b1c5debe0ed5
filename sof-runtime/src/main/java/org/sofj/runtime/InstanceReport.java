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
 * @param heapUsed       bytes of simulated memory it has in use now, taken through
 *                       {@code ModuleContext.memory()} (the driver heap for a user module, its
 *                       tracked allocations for a kernel module); a module that keeps its state
 *                       in Java fields and arrays shows 0 here
 * @param heapHighWater  the most {@code heapUsed} ever was
 * @param javaAllocated  Java heap bytes the module's own code allocated over its life (a
 *                       running total, not what it holds now; HotSpot's per-thread counter read
 *                       around each call): every call of a user-mode module (what its allocation
 *                       budget is charged), only the IPC calls (create, init, configuration,
 *                       prepare, bind, ...) of a kernel-mode module, whose process calls are
 *                       not measured; 0 where the JVM cannot count
 * @param liveAllocations allocations it holds now (the leak report's length)
 * @param deadlineMisses misses charged to the module: DP runs over their period, or a user LL
 *                       module's process calls over the tick
 * @param xruns          underruns on its inputs plus overruns on its outputs, as its buffers count
 *                       them (the first ticks of a pipeline count while data is on its way)
 */
public record InstanceReport(int componentId, String name, boolean userMode, ProcDomain domain,
        boolean faulted, LatencySnapshot processTime, double budgetUse, long heapUsed,
        long heapHighWater, long javaAllocated, int liveAllocations, long deadlineMisses, long xruns) {
}
