package org.sofj.runtime.topology;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;

import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * Reads a topology file (TOML, {@code docs/topology.md}) into a {@link Topology}. Every mistake
 * is a {@link TopologyException} naming the file, the table, the key and the value. Relative paths
 * are resolved against the topology file's directory; a library given by {@code name} is looked up
 * in the library path.
 */
final class TopologyReader {
    private static final Set<String> TOP = Set.of("format", "library", "pipeline", "module",
            "connection");
    private static final Set<String> FORMAT = Set.of("rate", "channels", "sample");
    private static final Set<String> LIBRARY = Set.of("id", "file", "trust", "jar", "name");
    private static final Set<String> PIPELINE = Set.of("id", "core");
    private static final Set<String> MODULE = Set.of("name", "type", "library", "pipeline",
            "domain", "core", "heap_bytes", "stack_bytes", "alloc_budget", "config", "config_file",
            "init_data");
    private static final Set<String> CONNECTION = Set.of("from", "to");

    private static final int MAX_CONFIG_BYTES = Topology.MAX_CONFIG_BYTES;

    private final Path file;
    private final Path dir;
    private final List<Path> libraryPath;

    TopologyReader(Path file, List<Path> libraryPath) {
        this.file = file;
        final Path parent = file.toAbsolutePath().getParent();
        this.dir = parent == null ? Path.of(".") : parent;
        this.libraryPath = libraryPath;
    }

    Topology parse() {
        final JsonNode root = tree();
        keys(root, TOP, "the top level");
        final JsonNode f = root.path("format");
        keys(f, FORMAT, "[format]");
        final AudioFormat format = format(f);
        final List<Topology.Library> libs = new ArrayList<>();
        final Set<Integer> libIds = new HashSet<>();
        for (JsonNode n : array(root, "library")) {
            libs.add(library(n, libs.size() + 1, libIds));
        }
        final List<Topology.Pipeline> pipes = new ArrayList<>();
        final Set<Integer> pipeIds = new HashSet<>();
        for (JsonNode n : array(root, "pipeline")) {
            final String where = "[[pipeline]] #" + (pipes.size() + 1);
            keys(n, PIPELINE, where);
            final int id = integer(n, "id", where, 0, Topology.MAX_PIPELINE_ID, null);
            if (!pipeIds.add(id)) {
                throw error(where, "id", id, "is used twice");
            }
            pipes.add(new Topology.Pipeline(id, integer(n, "core", where, 0, 7, 0)));
        }
        if (pipes.isEmpty()) {
            throw new TopologyException(file + ": no [[pipeline]]: a topology needs at least one");
        }
        final List<Topology.Module> mods = new ArrayList<>();
        for (JsonNode n : array(root, "module")) {
            mods.add(module(n, mods, pipes, libIds));
        }
        final List<Topology.Connection> links = new ArrayList<>();
        for (JsonNode n : array(root, "connection")) {
            links.add(connection(n, links.size() + 1, mods));
        }
        return new Topology(file, format, libs, pipes, mods, links);
    }

    private JsonNode tree() {
        final String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new TopologyException(file + ": no such file");
        } catch (IOException e) {
            throw new TopologyException(file + ": cannot read: " + e.getMessage());
        }
        try {
            return new TomlMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new TopologyException(file + ": not valid TOML: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ")");
        }
    }

    private AudioFormat format(JsonNode f) {
        final int rate = integer(f, "rate", "[format]", AudioFormat.MIN_RATE,
                AudioFormat.MAX_RATE, 48000);
        final int channels = integer(f, "channels", "[format]", 1, AudioFormat.MAX_CHANNELS, 2);
        final String sample = text(f, "sample", "[format]", "S32_LE");
        final SampleFormat sf;
        switch (sample.toUpperCase(Locale.ROOT)) {
            case "S16_LE": sf = SampleFormat.S16_LE; break;
            case "S32_LE": sf = SampleFormat.S32_LE; break;
            case "FLOAT_LE": sf = SampleFormat.FLOAT_LE; break;
            default: throw error("[format]", "sample", "\"" + sample + "\"",
                    "must be S16_LE, S32_LE or FLOAT_LE");
        }
        return AudioFormat.of(rate, channels, sf);
    }

    private Topology.Library library(JsonNode n, int index, Set<Integer> ids) {
        final String where = "[[library]] #" + index;
        keys(n, LIBRARY, where);
        final int id = integer(n, "id", where, 1, 15, null);
        if (!ids.add(id)) {
            throw error(where, "id", id, "is used twice");
        }
        if (n.has("name")) {
            for (String other : new String[] {"file", "trust", "jar"}) {
                if (n.has(other)) {
                    throw new TopologyException(file + ": " + where + ": give \"name\" (a library"
                            + " in the library path) or \"" + other + "\", not both");
                }
            }
            return byName(id, text(n, "name", where, null), where);
        }
        final Path jar = path(n, "jar", where);
        final Path lib = path(n, "file", where);
        final Path trust = path(n, "trust", where);
        if ((jar == null) == (lib == null)) {
            throw new TopologyException(file + ": " + where + ": give either \"file\" (a packed "
                    + "library, with \"trust\"), \"jar\" (a plugin jar packed on the fly) or "
                    + "\"name\" (a library in the library path)");
        }
        if (lib != null && trust == null) {
            throw new TopologyException(file + ": " + where + ": \"file\" needs \"trust\", the "
                    + "public key (.pub) that signed it");
        }
        return new Topology.Library(id, lib, trust, jar);
    }

    /**
     * A library by name: {@code <dir>/<name>.sofjlib} signed by {@code <dir>/<name>.pub} in the
     * first directory of the library path that has both.
     */
    private Topology.Library byName(int id, String name, String where) {
        if (!name.matches("[A-Za-z0-9_.-]+") || name.startsWith(".")) {
            throw error(where, "name", "\"" + name + "\"", "must be a library name such as "
                    + "\"sample\" (letters, digits, '_', '-', '.')");
        }
        for (Path d : libraryPath) {
            final Path lib = d.resolve(name + ".sofjlib");
            final Path pub = d.resolve(name + ".pub");
            if (Files.isRegularFile(lib) && Files.isRegularFile(pub)) {
                return new Topology.Library(id, lib.toAbsolutePath().normalize(),
                        pub.toAbsolutePath().normalize(), null);
            }
        }
        throw error(where, "name", "\"" + name + "\"", "no " + name + ".sofjlib with its "
                + name + ".pub in the library path " + libraryPath + " (system property "
                + Topology.LIBRARY_PATH_PROPERTY + "; the installed bin/sofj sets it)");
    }

    private Topology.Module module(JsonNode n, List<Topology.Module> done,
            List<Topology.Pipeline> pipes, Set<Integer> libIds) {
        final String where = "[[module]] #" + (done.size() + 1);
        keys(n, MODULE, where);
        final String name = text(n, "name", where, null);
        if (!name.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            // it is printed in reports, events and logs: no control character, no space
            throw error(where, "name", "\"" + name.replaceAll("[^\\x21-\\x7E]", "?") + "\"",
                    "must be printable ASCII without spaces (letters, digits, '_', '-', ...)");
        }
        for (Topology.Module m : done) {
            if (m.name().equals(name)) {
                throw error(where, "name", "\"" + name + "\"", "is used twice");
            }
        }
        final String type = text(n, "type", where, null);
        if (!type.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            // a module type's name is 1..8 printable ASCII (sof_man_module.name): no such type
            throw error(where, "type", "\"" + type + "\"",
                    "must be printable ASCII without spaces, as a module type's name is");
        }
        final int lib = integer(n, "library", where, 0, 15, 0);
        if (lib != 0 && !libIds.contains(lib)) {
            throw error(where, "library", lib, "no [[library]] has this id");
        }
        final int pipeline = integer(n, "pipeline", where, 0, 0xFFFF, pipes.get(0).id());
        final Topology.Pipeline p = pipes.stream().filter(x -> x.id() == pipeline).findFirst()
                .orElseThrow(() -> error(where, "pipeline", pipeline, "no [[pipeline]] has this id"));
        final String d = text(n, "domain", where, "LL").toUpperCase(Locale.ROOT);
        if (!d.equals("LL") && !d.equals("DP")) {
            throw error(where, "domain", "\"" + d + "\"", "must be \"LL\" or \"DP\"");
        }
        final byte[] config = config(n, where);
        final byte[] init = n.has("init_data") ? hex(n, "init_data", where) : new byte[0];
        final int core = integer(n, "core", where, 0, 7, p.core());
        if (core != p.core()) {
            // the runtime answers INVALID_CORE_ID (docs/pipeline-states.md): say it here, by key
            throw error(where, "core", core, "must be its pipeline's core " + p.core()
                    + " (pipeline " + pipeline + "): sofj runs an instance on its pipeline's core");
        }
        return new Topology.Module(name, type, lib, pipeline, ProcDomain.valueOf(d), core,
                integer(n, "heap_bytes", where, 0, 16 << 20, 0),
                integer(n, "stack_bytes", where, 0, 16 << 20, 0), config, init,
                integer(n, "alloc_budget", where, 0, Integer.MAX_VALUE, 0));
    }

    private byte[] config(JsonNode n, String where) {
        if (n.has("config") && n.has("config_file")) {
            throw new TopologyException(file + ": " + where + ": give \"config\" or \"config_file\","
                    + " not both");
        }
        if (n.has("config")) {
            final byte[] blob = hex(n, "config", where);
            if (blob.length > MAX_CONFIG_BYTES) {
                throw error(where, "config", "(" + blob.length + " bytes)", "is larger than "
                        + MAX_CONFIG_BYTES + " bytes, the most a configuration may be");
            }
            return blob;
        }
        final Path p = path(n, "config_file", where);
        if (p == null) {
            return null;
        }
        final String value = "\"" + p + "\"";
        if (!Files.isRegularFile(p)) {
            throw error(where, "config_file", value, Files.exists(p)
                    ? "is not a regular file" : "does not exist");
        }
        try (java.io.InputStream in = Files.newInputStream(p)) {
            final byte[] blob = in.readNBytes(MAX_CONFIG_BYTES + 1);
            if (blob.length > MAX_CONFIG_BYTES) {
                throw error(where, "config_file", value, "is larger than "
                        + MAX_CONFIG_BYTES + " bytes, the most a configuration may be");
            }
            return blob;
        } catch (IOException e) {
            throw error(where, "config_file", value, "cannot be read: " + e.getMessage());
        }
    }

    private Topology.Connection connection(JsonNode n, int index, List<Topology.Module> mods) {
        final String where = "[[connection]] #" + index;
        keys(n, CONNECTION, where);
        final String[] from = endpoint(n, "from", where, mods);
        final String[] to = endpoint(n, "to", where, mods);
        return new Topology.Connection(index, from[0], Integer.parseInt(from[1]), to[0],
                Integer.parseInt(to[1]));
    }

    private String[] endpoint(JsonNode n, String key, String where, List<Topology.Module> mods) {
        final String v = text(n, key, where, null);
        final int colon = v.indexOf(':');
        final String name = colon < 0 ? v : v.substring(0, colon);
        final String pin = colon < 0 ? "0" : v.substring(colon + 1);
        if (mods.stream().noneMatch(m -> m.name().equals(name))) {
            throw error(where, key, "\"" + v + "\"", "no [[module]] is named \"" + name + "\"");
        }
        if (!pin.matches("[0-7]")) {
            throw error(where, key, "\"" + v + "\"", "the pin after ':' must be 0..7");
        }
        return new String[] {name, pin};
    }

    private List<JsonNode> array(JsonNode root, String key) {
        final JsonNode n = root.get(key);
        final List<JsonNode> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        if (!n.isArray()) {
            throw new TopologyException(file + ": \"" + key + "\" must be an array of tables: write [["
                    + key + "]]");
        }
        n.forEach(out::add);
        return out;
    }

    private void keys(JsonNode n, Set<String> allowed, String where) {
        if (n.isMissingNode()) {
            return;
        }
        if (!n.isObject()) {
            throw new TopologyException(file + ": " + where + " must be a table");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            final String k = it.next();
            if (!allowed.contains(k)) {
                throw new TopologyException(file + ": " + where + ": unknown key \"" + k
                        + "\" (known: " + String.join(", ", new java.util.TreeSet<>(allowed))
                        + ")");
            }
        }
    }

    private int integer(JsonNode n, String key, String where, long min, long max, Integer def) {
        final JsonNode v = n.get(key);
        if (v == null) {
            if (def == null) {
                throw new TopologyException(file + ": " + where + ": key \"" + key + "\" is missing");
            }
            return def;
        }
        // a TOML integer past a long is a BigInteger whose asLong() keeps its low 64 bits
        // (2^64 + 48000 would read as 48000): refuse it before reading it as a long
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min
                || v.asLong() > max) {
            throw error(where, key, v, "must be an integer in [" + min + ", " + max + "]");
        }
        return (int) v.asLong();
    }

    private String text(JsonNode n, String key, String where, String def) {
        final JsonNode v = n.get(key);
        if (v == null) {
            if (def == null) {
                throw new TopologyException(file + ": " + where + ": key \"" + key + "\" is missing");
            }
            return def;
        }
        if (!v.isTextual() || v.asText().isEmpty()) {
            throw error(where, key, v, "must be a non-empty string");
        }
        return v.asText();
    }

    private Path path(JsonNode n, String key, String where) {
        return n.has(key) ? dir.resolve(text(n, key, where, null)).normalize() : null;
    }

    private byte[] hex(JsonNode n, String key, String where) {
        final String v = text(n, key, where, null).replaceAll("[\\s_]", "");
        if (v.length() % 2 != 0 || !v.matches("[0-9a-fA-F]*")) {
            // a blob may be long: the line shows its start and its length
            final String shown = v.length() <= 64 ? "\"" + v + "\""
                    : "\"" + v.substring(0, 64) + "...\" (" + v.length() + " digits)";
            throw error(where, key, shown, "must be hex bytes, e.g. \"00000001\"");
        }
        final byte[] out = new byte[v.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(v.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    private TopologyException error(String where, String key, Object value, String why) {
        return new TopologyException(file + ": " + where + ": key \"" + key + "\" = " + value + ": "
                + why);
    }
}
