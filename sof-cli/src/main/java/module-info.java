/**
 * The {@code sofj} command line tool: {@code run}, {@code pack}, {@code keygen}, {@code inspect}
 * and {@code bench}. Started by the {@code ./sofj} launcher as
 * {@code -m org.sofj.cli/org.sofj.cli.internal.Main}; it exports nothing.
 *
 * <p>The house rules forbid qualified <em>exports</em>. The one qualified clause here is an
 * <em>open</em>: picocli reads and writes the annotated option fields of the command classes by
 * reflection, so {@code org.sofj.cli.internal} is opened to {@code info.picocli} alone, at run
 * time only, and to no other module.
 */
module org.sofj.cli {
    requires org.sofj.api;
    requires org.sofj.runtime;
    requires org.sofj.llext;
    requires info.picocli;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.toml;
    requires java.logging;
    requires java.management;

    uses org.sofj.api.spi.ModuleProvider;

    opens org.sofj.cli.internal to info.picocli;
}
