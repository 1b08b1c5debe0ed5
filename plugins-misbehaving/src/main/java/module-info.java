/**
 * A deliberately misbehaving plugin library: one user-mode module, {@code snoop}, that passes
 * audio through and then reads memory outside its own domain. It exists to show that the runtime
 * contains the fault (the instance is FAULTED and plays silence, everything else keeps playing).
 * Used by {@code examples/misbehaving.toml}; never load it anywhere that matters.
 */
module org.sofj.plugins.misbehaving {
    requires org.sofj.api;

    provides org.sofj.api.spi.ModuleProvider
            with org.sofj.plugins.misbehaving.internal.MisbehavingProvider;
}
