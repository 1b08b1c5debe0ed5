/**
 * sof-testkit: for module authors. {@link org.sofj.testkit.ModuleHarness} runs one module or a
 * small graph off-target in virtual time with given input signals and captures its output;
 * {@link org.sofj.testkit.Conformance} runs the checks every module should pass. Framework-neutral:
 * a failure is an {@link AssertionError}, which JUnit reports natively.
 *
 * <p>Besides the runtime it needs {@code jdk.management} (the allocation check reads the
 * thread's allocated-bytes counter) and {@code uses} the memory-system SPI: the conformance
 * checks run a module directly, outside the runtime, on a simulated memory system of its own.
 * A test kit may do that; a plugin may not. The implementation modules (sof-mmu,
 * sof-audio-lowlatency, sof-llext) must be on the module path at run time; they are runtime
 * dependencies of the artifact.
 */
module org.sofj.testkit {
    requires transitive org.sofj.runtime;
    requires jdk.management;
    requires org.sofj.llext;

    exports org.sofj.testkit;

    uses org.sofj.api.spi.MemorySystemProvider;
}
