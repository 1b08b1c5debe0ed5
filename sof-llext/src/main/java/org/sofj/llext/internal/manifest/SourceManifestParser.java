package org.sofj.llext.internal.manifest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;

import org.sofj.api.ApiVersion;
import org.sofj.api.Errno;
import org.sofj.api.spi.Printable;
import org.sofj.api.LibraryLoadException;
import org.sofj.api.LoadType;
import org.sofj.api.ModuleDescription;
import org.sofj.llext.BinaryManifest;

/**
 * Parses {@code META-INF/sofj/modules.toml}. Every failure is a {@link LibraryLoadException}
 * {@code -EINVAL} whose message names the key, the module and the value.
 *
 * <pre>
 * name = "gainlib"              # 1..8 printable ASCII (sof_man_fw_header.name)
 * version = "1.2.3"             # major.minor.hotfix[.build], each 0..65535
 * api_version = "1.0.0"         # the sof-api version built against
 *
 * [[module]]                    # 1..32 of them
 * name = "GAIN"                 # required, 1..8 printable ASCII, unique
 * uuid = "..."                  # required, canonical UUID, unique
 * provider = "com.x.GainProvider" # required
 * affinity = 1                  # 1..0xFFFFFFFF
 * instance_max_count = 1        # 1..65535
 * user_mode = 0                 # 0 (kernel, the default) or 1
 * load_type = "llext"           # llext | llext_aux | module
 * ibs = 0, obs = 0, cps = 0     # 0..2^31-1
 * is_pages = 0                  # 0..65535
 * heap_bytes = 0, stack_bytes = 0 # 0..16 MiB, 0 = runtime default
 * input_pins = 0, output_pins = 0 # 0..8, 0 = undeclared (any of 8 pins may be bound)
 * </pre>
 */
public final class SourceManifestParser {
    private static final Set<String> LIBRARY_KEYS = Set.of("name", "version", "api_version",
            "module");
    private static final Set<String> MODULE_KEYS = Set.of("name", "uuid", "provider", "affinity",
            "instance_max_count", "user_mode", "load_type", "ibs", "obs", "cps", "is_pages",
            "heap_bytes", "stack_bytes", "input_pins", "output_pins");
    private static final String CLASS_NAME =
            "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
            + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*";
    /** {@link #CLASS_NAME}, compiled once (a load parses a manifest). */
    private static final Pattern CLASS_NAME_PATTERN = Pattern.compile(CLASS_NAME);

    /**
     * One mapper for every parse: a mapper is thread-safe once configured, and a new one per
     * parse rebuilt Jackson's deserializer caches each time (most of a parse's cost).
     */
    private static final TomlMapper TOML = new TomlMapper();

    private SourceManifestParser() {
    }

    /**
     * @param toml the file's bytes, UTF-8
     * @return the manifest
     * @throws LibraryLoadException {@code -EINVAL} naming key, module and value
     */
    public static SourceManifest parse(byte[] toml) {
        final JsonNode root;
        try {
            root = TOML.readTree(new String(toml, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            // getMessage() adds a second line ("at [Source: ...]"): say where in one
            final JsonLocation at = e.getLocation();
            throw new LibraryLoadException(-Errno.EINVAL, Printable.escapeControls(
                    SourceManifest.PATH + ": not valid TOML: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ")")), e);
        }
        final Fields lib = new Fields(root, "", LIBRARY_KEYS);
        final String name = lib.string("name");
        lib.check("name", () -> checkName(name));
        final String versionText = lib.string("version");
        final SourceManifest.LibraryVersion version = lib.check("version",
                () -> SourceManifest.LibraryVersion.parse(versionText));
        final String apiText = lib.string("api_version");
        final ApiVersion api = lib.check("api_version", () -> ApiVersion.parse(apiText));
        return new SourceManifest(name, version, api, modules(lib));
    }

    private static List<ModuleSpec> modules(Fields lib) {
        final JsonNode array = lib.node("module");
        if (array == null || !array.isArray() || array.isEmpty()
                || array.size() > BinaryManifest.MAX_MODULES) {
            throw lib.fail("module", array, "must be an array of 1 to "
                    + BinaryManifest.MAX_MODULES + " [[module]] tables");
        }
        final List<ModuleSpec> result = new ArrayList<>();
        final Map<String, String> names = new HashMap<>();
        final Map<UUID, String> uuids = new HashMap<>();
        for (int i = 0; i < array.size(); i++) {
            final JsonNode node = array.get(i);
            if (!node.isObject()) {
                throw lib.fail("module", node, "element " + i + " must be a table");
            }
            final ModuleSpec spec = module(node, i);
            final String name = spec.name();
            final Fields f = new Fields(node, "module \"" + name + "\": ", MODULE_KEYS);
            if (names.putIfAbsent(name, name) != null) {
                throw f.fail("name", node.get("name"), "duplicates another module's name");
            }
            final String other = uuids.putIfAbsent(spec.description().uuid(), name);
            if (other != null) {
                throw f.fail("uuid", node.get("uuid"), "duplicates module \"" + other + "\"");
            }
            result.add(spec);
        }
        return result;
    }

    private static ModuleSpec module(JsonNode node, int index) {
        final JsonNode nameNode = node.get("name");
        final String label = nameNode != null && nameNode.isTextual()
                ? "module \"" + nameNode.asText() + "\": " : "module[" + index + "]: ";
        final Fields f = new Fields(node, label, MODULE_KEYS);
        final String name = f.string("name");
        f.check("name", () -> checkName(name));
        final String uuidText = f.string("uuid");
        final UUID uuid = f.check("uuid", () -> parseUuid(uuidText));
        final String provider = f.string("provider");
        if (!CLASS_NAME_PATTERN.matcher(provider).matches()) {
            throw f.fail("provider", node.get("provider"), "must be a class name");
        }
        final ModuleDescription.Builder b = ModuleDescription.builder(name, uuid);
        b.affinityMask((int) f.integer("affinity", 1, 1, 0xFFFF_FFFFL));
        b.instanceMaxCount((int) f.integer("instance_max_count", 1, 1, 0xFFFF));
        b.userMode(f.integer("user_mode", 0, 0, 1) == 1);
        b.loadType(f.loadType());
        b.ibs((int) f.integer("ibs", 0, 0, Integer.MAX_VALUE));
        b.obs((int) f.integer("obs", 0, 0, Integer.MAX_VALUE));
        b.cps((int) f.integer("cps", 0, 0, Integer.MAX_VALUE));
        b.isPages((int) f.integer("is_pages", 0, 0, 0xFFFF));
        b.heapBytes(f.integer("heap_bytes", 0, 0, ModuleDescription.MAX_REQUEST_BYTES));
        b.stackBytes(f.integer("stack_bytes", 0, 0, ModuleDescription.MAX_REQUEST_BYTES));
        b.inputPins((int) f.integer("input_pins", 0, 0, ModuleDescription.MAX_PINS));
        b.outputPins((int) f.integer("output_pins", 0, 0, ModuleDescription.MAX_PINS));
        return new ModuleSpec(b.build(), provider);
    }

    private static String checkName(String name) {
        ModuleDescription.builder(name, new UUID(0, 0));
        return name;
    }

    private static UUID parseUuid(String text) {
        final UUID uuid = UUID.fromString(text);
        if (!uuid.toString().equalsIgnoreCase(text)) {
            throw new IllegalArgumentException("must be a canonical 8-4-4-4-12 UUID");
        }
        return uuid;
    }

    /** Typed access to one table's keys, failing with key, module and value. */
    static final class Fields {
        private final JsonNode table;
        private final String label;

        Fields(JsonNode table, String label, Set<String> allowed) {
            this.table = table;
            this.label = label;
            for (Iterator<String> it = table.fieldNames(); it.hasNext();) {
                final String key = it.next();
                if (!allowed.contains(key)) {
                    throw fail(key, table.get(key), "unknown key; known keys are "
                            + new TreeSet<>(allowed));
                }
            }
        }

        JsonNode node(String key) {
            return table.get(key);
        }

        String string(String key) {
            final JsonNode n = table.get(key);
            if (n == null) {
                throw fail(key, null, "is required");
            }
            if (!n.isTextual()) {
                throw fail(key, n, "must be a string");
            }
            return n.asText();
        }

        long integer(String key, long dflt, long min, long max) {
            final JsonNode n = table.get(key);
            if (n == null) {
                return dflt;
            }
            if (!n.isIntegralNumber()) {
                throw fail(key, n, "must be an integer");
            }
            if (!n.canConvertToLong() || n.asLong() < min || n.asLong() > max) {
                throw fail(key, n, "must be in [" + min + ", " + max + "]");
            }
            return n.asLong();
        }

        LoadType loadType() {
            final JsonNode n = table.get("load_type");
            if (n == null) {
                return LoadType.LLEXT;
            }
            final String text = string("load_type");
            return switch (text) {
                case "llext" -> LoadType.LLEXT;
                case "llext_aux" -> LoadType.LLEXT_AUX;
                case "module" -> LoadType.MODULE;
                default -> throw fail("load_type", n, "must be one of llext, llext_aux, module");
            };
        }

        <T> T check(String key, Supplier<T> parse) {
            try {
                return parse.get();
            } catch (IllegalArgumentException e) {
                throw fail(key, table.get(key), e.getMessage());
            }
        }

        LibraryLoadException fail(String key, JsonNode value, String why) {
            final String shown = value == null ? "(absent)" : value.toString();
            return new LibraryLoadException(-Errno.EINVAL, Printable.escapeControls(
                    SourceManifest.PATH + ": " + label + "key \"" + key + "\" = " + shown + ": "
                    + why));
        }
    }
}
