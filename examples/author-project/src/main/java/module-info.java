/** The halve library: one module, reached only through its provider. */
module com.example.halve {
    requires org.sofj.api;

    provides org.sofj.api.spi.ModuleProvider with com.example.halve.HalveProvider;
}
