package org.sofj.runtime.ipc;

/**
 * An IPC4 request sofj understands, decoded from or encoded to an {@link Ipc4Frame} by
 * {@link Ipc4Codec}. Each implementation is a record whose compact constructor checks every field
 * against the width SOF's header gives it, throwing {@link IllegalArgumentException} with a
 * {@code name=value} message; a record that exists therefore always encodes.
 */
public sealed interface Ipc4Message permits LoadLibrary, UnloadLibrary, CreatePipeline,
        SetPipelineState, DeletePipeline, ModInitInstance, ModBind, ModUnbind, ModLargeConfigSet,
        ModLargeConfigGet, ModDeleteInstance {
}
