package org.sofj.cli.internal;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.sofj.api.SofException;
import org.sofj.llext.BinaryManifest;
import org.sofj.llext.LibraryContents;
import org.sofj.llext.LibraryKeys;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sofj inspect}: what a library holds, and whether a runtime would load it. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Prints a library's manifest (header, modules with user_mode, sections), "
                + "its signer, and - with --trust - the verdict of a real load: signature, "
                + "hashes, agreement and link check, in a throwaway runtime. Also lists the "
                + "manifest of a real SOF image (.ri, .llext), which sofj cannot load.")
final class InspectCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "LIBRARY", description = "the library file")
    private Path library;

    @Option(names = "--trust", paramLabel = "KEY.pub",
            description = "public keys to trust for the load check (repeatable)")
    private List<Path> trust = List.of();

    @Option(names = "--json", description = "print one JSON document on standard output "
            + "(schema: docs/json.md) instead of the text")
    private boolean json;

    InspectCommand() {
    }

    @Override
    public Integer call() {
        if (!Files.isRegularFile(library)) {
            throw new CliException(library + ": no such file");
        }
        if (SofImages.isSofImage(library)) {
            SofImages.print(library, spec.commandLine().getOut());
            return 0;
        }
        final LibraryContents c;
        try {
            c = LibraryContents.read(library);
        } catch (SofException e) {
            throw new CliException(library + ": " + e.getMessage());
        }
        final PrintWriter out = spec.commandLine().getOut();
        if (json) {
            return printJson(c, out);
        }
        final BinaryManifest.Header h = c.manifest().header();
        out.printf(Locale.ROOT, "library %s: \"%s\" version %s, api %s, %d preload pages, "
                + "plugin jar %d bytes%n", library, h.name(), h.version(), h.apiVersion(),
                h.preloadPageCount(), c.pluginJarBytes());
        out.printf(Locale.ROOT, "%-3s %-8s %-36s %-9s %-6s %5s %5s %6s %6s %9s %-7s %-20s%n",
                "id", "module", "uuid", "user_mode", "load", "ibs", "obs", "heap", "stack", "cps",
                "pins", "sections text/data/bss pages");
        for (BinaryManifest.Entry e : c.manifest().entries()) {
            final BinaryManifest.Config k = e.config();
            out.printf(Locale.ROOT, "%-3d %-8s %-36s %-9s %-6s %5d %5d %6d %6d %9d %-7s %d/%d/%d%n",
                    c.manifest().entries().indexOf(e), e.name(), e.uuid(), e.userMode() ? "1 (user)" : "0 (kernel)",
                    e.loadType().name().toLowerCase(Locale.ROOT), k.ibs(), k.obs(),
                    Integer.toUnsignedLong(k.heapBytes()), Integer.toUnsignedLong(k.stackBytes()),
                    k.cps(), pins(k.par2()) + "->" + pins(k.par3()),
                    e.segments().get(0).lengthPages(), e.segments().get(1).lengthPages(),
                    e.segments().get(2).lengthPages());
        }
        out.println("signer: key id " + c.signerKeyId());
        final LoadCheck v = verdict();
        out.println(v == null ? "load check: not run (give --trust KEY.pub to verify the "
                + "signature and run the link check)" : v.line());
        return v == null || v.loads() ? 0 : Main.EXIT_REFUSED;
    }

    /** @return a declared pin count, or "any" for 0 (undeclared: any of 8 pins may be bound) */
    private static String pins(int declared) {
        return declared == 0 ? "any" : Integer.toString(declared);
    }

    /** {@code --json}: the same facts as one document (docs/json.md). */
    private int printJson(LibraryContents c, PrintWriter out) {
        final BinaryManifest.Header h = c.manifest().header();
        final ObjectNode o = JsonReport.object();
        o.put("schema", JsonReport.INSPECT_SCHEMA);
        o.put("library", library.toString());
        o.put("name", h.name());
        o.put("version", String.valueOf(h.version()));
        o.put("apiVersion", String.valueOf(h.apiVersion()));
        o.put("preloadPages", h.preloadPageCount());
        o.put("pluginJarBytes", c.pluginJarBytes());
        final ArrayNode modules = o.putArray("modules");
        for (BinaryManifest.Entry e : c.manifest().entries()) {
            final BinaryManifest.Config k = e.config();
            final ObjectNode m = modules.addObject();
            m.put("id", c.manifest().entries().indexOf(e));
            m.put("name", e.name());
            m.put("uuid", e.uuid().toString());
            m.put("userMode", e.userMode());
            m.put("loadType", e.loadType().name().toLowerCase(Locale.ROOT));
            m.put("ibs", k.ibs());
            m.put("obs", k.obs());
            m.put("heapBytes", Integer.toUnsignedLong(k.heapBytes()));
            m.put("stackBytes", Integer.toUnsignedLong(k.stackBytes()));
            m.put("cps", k.cps());
            m.put("inputPins", k.par2());
            m.put("outputPins", k.par3());
            final ArrayNode pages = m.putArray("sectionPages");
            for (int i = 0; i < 3; i++) {
                pages.add(e.segments().get(i).lengthPages());
            }
        }
        o.put("signerKeyId", c.signerKeyId());
        final LoadCheck v = verdict();
        final ObjectNode check = o.putObject("loadCheck");
        check.put("run", v != null);
        if (v != null) {
            check.put("loads", v.loads());
            check.put("verdict", v.line());
        }
        JsonReport.print(o, out);
        return v == null || v.loads() ? 0 : Main.EXIT_REFUSED;
    }

    /** Loads the library into a throwaway virtual runtime: the loader checks everything. */
    private LoadCheck verdict() {
        if (trust.isEmpty()) {
            return null;
        }
        for (Path p : trust) {
            if (!Files.isRegularFile(p)) {
                throw new CliException(p + ": no such file");
            }
        }
        return LoadCheck.of(library, LibraryKeys.trustedKeys(trust));
    }
}
