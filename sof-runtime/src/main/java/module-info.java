/**
 * The sofj kernel. Embedders build a runtime with {@link org.sofj.runtime.SofRuntime#builder()}
 * and drive it with typed calls or IPC4 messages ({@code org.sofj.runtime.ipc}). It requires only
 * {@code org.sofj.api} of sofj's modules and finds the memory system, audio engine and library
 * loader with {@link java.util.ServiceLoader}.
 */
module org.sofj.runtime {
    requires transitive org.sofj.api;
    requires jdk.jfr;
    requires jdk.management;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.toml;
    requires org.agrona;

    exports org.sofj.runtime;
    exports org.sofj.runtime.host;
    exports org.sofj.runtime.ipc;
    exports org.sofj.runtime.topology;

    uses org.sofj.api.spi.MemorySystemProvider;
    uses org.sofj.api.spi.AudioEngineProvider;
    uses org.sofj.api.spi.LibraryLoaderProvider;
}
