/**
 * The commands and what they drive: topology files ({@link org.sofj.runtime.topology.Topology}),
 * a session that turns a topology into runtime calls ({@link org.sofj.cli.internal.Session}), WAV
 * input and output ({@link org.sofj.cli.internal.Wav}), the run loop and the reports. Nothing is
 * exported; picocli reaches the command classes through the module's qualified open.
 */
package org.sofj.cli.internal;
