/**
 * The test kit's implementation: the graph runner over a real {@code SofRuntime} in virtual
 * time, the direct (outside the runtime) module runner with recording sinks and sources on a
 * simulated memory system, and the conformance checks. Not exported.
 */
package org.sofj.testkit.internal;
