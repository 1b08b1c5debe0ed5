/**
 * Libraries: the rimage + lib_manager + llext analog.
 *
 * <p>{@code org.sofj.llext} is what a command line tool or an embedder calls to pack, sign and
 * inspect a library ({@link org.sofj.llext.LibraryPacker}, {@link org.sofj.llext.LibraryKeys},
 * {@link org.sofj.llext.BinaryManifest}) and to link-check a plugin jar before it is packed
 * ({@link org.sofj.llext.LinkCheck}). The loader itself is reached only through
 * {@link org.sofj.api.spi.LibraryLoaderProvider}.
 */
module org.sofj.llext {
    requires transitive org.sofj.api;
    requires org.objectweb.asm;
    requires org.objectweb.asm.tree;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.toml;

    exports org.sofj.llext;

    uses org.sofj.api.spi.ModuleProvider;

    provides org.sofj.api.spi.LibraryLoaderProvider
            with org.sofj.llext.internal.LlextLibraryLoaderProvider;
}
