/**
 * sofj's JMH benchmarks. Each compares project code with a floor measured in the same run; see
 * {@code docs/BENCHMARKS.md} for the commands and the numbers. Runs on the class path.
 */
package org.sofj.bench;
