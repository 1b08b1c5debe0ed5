package org.sofj.testkit;

/** The conformance checks, in the order {@link Conformance} runs them. */
public enum Check {
    /**
     * (a) The sink/source contract, per {@code process} call on recording sinks and sources
     * outside the runtime: no fragment held when {@code process} returns (every
     * {@code getBuffer}/{@code getData} committed or released), no more consumed than was
     * available or produced than was free, no exception, and only {@code 0}, {@code -ENODATA},
     * {@code -ENOSPC} or an errno the options allow returned.
     */
    SINK_SOURCE_CONTRACT,
    /**
     * (b) {@code process} allocates nothing on the Java heap after {@code prepare}: the calling
     * thread's allocated-bytes counter over many warm calls, the smallest of several rounds (so
     * a one-off JIT deoptimisation does not count), must be 0.
     */
    NO_ALLOCATION_IN_PROCESS,
    /**
     * (c) After {@code free}, the instance's module memory holds no allocation or fast_get
     * reference; the leak list names each one's address, size and kind.
     */
    FREES_EVERYTHING,
    /**
     * (d) In the runtime: RUNNING, RESET, RUNNING again, twice, with the same input each time:
     * no refused request, no fault, the same output every time (reset returns to the state after
     * init) and no growth of live allocations or heap use.
     */
    RESET_CYCLES,
    /**
     * (e) IBS/OBS: in steady state each call consumes exactly IBS from every source and produces
     * exactly OBS into every sink; with less than IBS on a source it returns {@code -ENODATA}
     * and consumes and produces nothing; with less than OBS free on a sink it returns
     * {@code -ENOSPC} and consumes and produces nothing.
     */
    IBS_OBS,
    /**
     * (f) A module whose description says user mode runs in the runtime as a user DP module, in
     * its own memory domain, without a memory fault or any other fault, and produces output.
     * Not applicable to a kernel-mode module, and reported as such, naming where the mode was
     * read: the library's own {@code META-INF/sofj/modules.toml} when the module's jar or classes
     * have one, else {@code describe}.
     */
    USER_MODE,
    /**
     * (g) The loader's link check ({@code org.sofj.llext.LinkCheck}) on the library the module
     * comes from - its jar, or the build's classes directory - with the same rules and the same
     * lines the loader refuses a library with. Reported as skipped, with the reason, when the
     * provider is not in a plugin module (no {@code module-info.class} beside it).
     */
    LINK_CHECK
}
