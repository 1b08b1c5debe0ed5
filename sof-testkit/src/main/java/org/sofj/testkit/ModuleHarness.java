package org.sofj.testkit;

/**
 * Runs a module, or a small graph of modules, off-target: in a real {@code SofRuntime} in
 * virtual time, fed from host_in endpoints with the PCM you give and captured by host_out
 * endpoints. Build one with {@link #builder()}:
 *
 * <pre>{@code
 *   AudioFormat f = AudioFormat.of(48000, 2, SampleFormat.S16_LE);
 *   HarnessResult r = ModuleHarness.builder()
 *           .module(new MyProvider(), "gain").config(blob)
 *           .format(f)
 *           .input(0, Signals.sine(f, 4800, 1000, 0.5))
 *           .build()
 *           .run()
 *           .assertNoFaults();
 *   short[] out = ... r.output().ints() ...
 * }</pre>
 *
 * <p>Each {@link #run()} builds a fresh runtime on a stepped clock (1 ms per tick, never the wall
 * clock) and closes it afterwards; virtual time waits for every DP run, so two runs give
 * identical output. The run loop allocates nothing: inputs are written into the host ports
 * before the start and captures go into arrays made beforehand.
 */
public interface ModuleHarness {

    /** {@return a new builder} */
    static HarnessBuilder builder() {
        return new HarnessBuilder();
    }

    /**
     * Runs the graph once: creates it, sets the configuration blobs, writes the inputs, sets the
     * pipeline RUNNING, runs the ticks, then takes the reports and deletes everything.
     *
     * @return what it produced
     * @throws org.sofj.api.IpcException if the runtime refuses to create, bind, configure or
     *     start a module (its message names the module and the reason)
     */
    HarnessResult run();
}
