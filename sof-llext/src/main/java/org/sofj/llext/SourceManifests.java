package org.sofj.llext;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.sofj.api.ApiVersion;
import org.sofj.api.LoadType;
import org.sofj.api.ModuleDescription;
import org.sofj.llext.internal.manifest.ModuleSpec;
import org.sofj.llext.internal.manifest.SourceManifest;
import org.sofj.llext.internal.manifest.SourceManifestParser;

/**
 * The source manifest ({@code META-INF/sofj/modules.toml}) from the modules' own descriptions,
 * so an author states each fact once: build tools (the sofj Maven plugin) write the manifest from
 * what each provider's {@link org.sofj.api.spi.ModuleProvider#describe} says, or, when an author
 * keeps a hand-written manifest, list every field on which it and the description disagree.
 */
public final class SourceManifests {
    /** Where a plugin jar carries its source manifest. */
    public static final String PATH = SourceManifest.PATH;

    private SourceManifests() {
    }

    /**
     * One module as its provider describes it.
     *
     * @param provider    the binary name of the provider class that offers and describes it
     * @param description what the provider's {@code describe} says
     */
    public record Described(String provider, ModuleDescription description) {
        /**
         * Validates that both components are given.
         *
         * @param provider the binary name of the provider class that offers and describes it
         * @param description what the provider's {@code describe} says
         * @throws NullPointerException if a component is null
         */
        public Described {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(description, "description");
        }
    }

    /**
     * Writes a source manifest and checks it with the packer's own parser.
     *
     * @param name       the library name, 1 to 8 printable ASCII characters
     * @param version    {@code major.minor.hotfix[.build]}
     * @param apiVersion the sof-api version the library is built against
     * @param modules    the modules, in manifest order
     * @return the TOML text
     * @throws org.sofj.api.LibraryLoadException {@code -EINVAL} naming the key and value when a
     *     value is not one the manifest accepts
     */
    public static String toToml(String name, String version, ApiVersion apiVersion,
            List<Described> modules) {
        final StringBuilder b = new StringBuilder(256 + 320 * modules.size());
        b.append("# Written by the build from each provider's describe(); do not edit.\n");
        b.append("name = ").append(quote(name)).append('\n');
        b.append("version = ").append(quote(version)).append('\n');
        b.append("api_version = ").append(quote(apiVersion.toString())).append('\n');
        for (Described m : modules) {
            b.append("\n[[module]]\n");
            for (Map.Entry<String, String> f : fields(m.provider(), m.description()).entrySet()) {
                b.append(f.getKey()).append(" = ").append(f.getValue()).append('\n');
            }
        }
        final String toml = b.toString();
        SourceManifestParser.parse(toml.getBytes(StandardCharsets.UTF_8));
        return toml;
    }

    /**
     * Compares a hand-written manifest with the modules' descriptions, field by field.
     *
     * @param toml      the manifest's bytes
     * @param described every module a provider offers and describes
     * @return one line per disagreement naming the module, the field and both values; empty when
     *     they agree. A manifest module no provider describes is not a disagreement: its manifest
     *     entry is its only description.
     * @throws org.sofj.api.LibraryLoadException {@code -EINVAL} if the manifest does not parse
     */
    public static List<String> disagreements(byte[] toml, List<Described> described) {
        final SourceManifest manifest = SourceManifestParser.parse(toml);
        final Map<String, ModuleSpec> written = new LinkedHashMap<>();
        for (ModuleSpec s : manifest.modules()) {
            written.put(s.name(), s);
        }
        final List<String> lines = new ArrayList<>();
        for (Described d : described) {
            final String module = d.description().name();
            final ModuleSpec w = written.get(module);
            final String says = d.provider() + ".describe(\"" + module + "\")";
            if (w == null) {
                lines.add(PATH + ": module \"" + module + "\" is missing, but " + says
                        + " describes it");
                continue;
            }
            final Map<String, String> mine = fields(w.provider(), w.description());
            final Map<String, String> theirs = fields(d.provider(), d.description());
            for (Map.Entry<String, String> f : mine.entrySet()) {
                final String other = theirs.get(f.getKey());
                if (!f.getValue().equals(other)) {
                    lines.add(PATH + ": module \"" + module + "\": " + f.getKey() + " = "
                            + f.getValue() + ", but " + says + " says " + other);
                }
            }
        }
        return List.copyOf(lines);
    }

    /** The manifest keys of one module with their TOML values, in the documented order. */
    private static Map<String, String> fields(String provider, ModuleDescription d) {
        final Map<String, String> f = new LinkedHashMap<>();
        f.put("name", quote(d.name()));
        f.put("uuid", quote(d.uuid().toString()));
        f.put("provider", quote(provider));
        f.put("user_mode", d.userMode() ? "1" : "0");
        f.put("load_type", quote(loadType(d.loadType())));
        f.put("affinity", Integer.toUnsignedString(d.affinityMask()));
        f.put("instance_max_count", Integer.toString(d.instanceMaxCount()));
        f.put("ibs", Integer.toString(d.ibs()));
        f.put("obs", Integer.toString(d.obs()));
        f.put("cps", Integer.toString(d.cps()));
        f.put("is_pages", Integer.toString(d.isPages()));
        f.put("heap_bytes", Long.toString(d.heapBytes()));
        f.put("stack_bytes", Long.toString(d.stackBytes()));
        f.put("input_pins", Integer.toString(d.inputPins()));
        f.put("output_pins", Integer.toString(d.outputPins()));
        return f;
    }

    private static String loadType(LoadType t) {
        if (t == LoadType.BUILTIN) {
            throw new IllegalArgumentException("loadType=BUILTIN: a library module is loaded as"
                    + " llext, llext_aux or module");
        }
        return t.name().toLowerCase(Locale.ROOT);
    }

    private static String quote(String s) {
        final StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.append('"').toString();
    }
}
