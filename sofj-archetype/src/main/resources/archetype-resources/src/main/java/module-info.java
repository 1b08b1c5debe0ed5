/** The ${libraryName} library: one module, reached only through its provider. */
module ${package} {
    requires org.sofj.api;

    provides org.sofj.api.spi.ModuleProvider with ${package}.GainProvider;
}
