/**
 * The module author's test kit: {@link org.sofj.testkit.ModuleHarness} runs a module (or a small
 * chain or fan-in graph) in a real runtime in virtual time, fed from {@link org.sofj.testkit.Signals}
 * and captured into {@link org.sofj.testkit.CapturedAudio}; {@link org.sofj.testkit.Conformance}
 * checks the rules every module should follow and names what failed and where. Nothing here
 * depends on a test framework: failures are {@link AssertionError}s.
 */
package org.sofj.testkit;
