/**
 * IPC4, sofj's control API: typed requests ({@link org.sofj.runtime.ipc.Ipc4Message} and its
 * records), SOF's binary layout ({@link org.sofj.runtime.ipc.Ipc4Codec},
 * {@link org.sofj.runtime.ipc.Ipc4Frame}, {@link org.sofj.runtime.ipc.Ipc4Header}) and replies
 * ({@link org.sofj.runtime.ipc.Ipc4Reply}).
 *
 * <p>The layouts are those of SOF's {@code src/include/ipc4/header.h}, {@code module.h},
 * {@code pipeline.h} and {@code src/include/module/ipc4/base-config.h}; each record draws its
 * bit table. Header words are plain {@code int}s, bit 0 least significant; payloads are
 * little-endian.
 *
 * <p>Records reject out-of-range fields with {@link java.lang.IllegalArgumentException} (misuse);
 * {@link org.sofj.runtime.ipc.Ipc4Codec#decode} rejects a malformed frame with
 * {@link org.sofj.api.IpcException} carrying the IPC4 status the reply should have. Everything
 * here is immutable, thread-safe and cold-path (it allocates).
 */
package org.sofj.runtime.ipc;
