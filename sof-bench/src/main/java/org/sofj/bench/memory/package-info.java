/**
 * What sofj would pay to stop needing {@code --add-exports java.base/jdk.internal.misc}: Agrona's
 * Unsafe access against {@code java.nio} and {@code VarHandle} access to the same direct memory.
 */
package org.sofj.bench.memory;
