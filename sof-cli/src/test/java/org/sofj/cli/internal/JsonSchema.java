package org.sofj.cli.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Test fixture: validates a document against the JSON schemas in {@code docs/json/}, for the
 * keywords those schemas use: {@code $ref} (within a file or to a sibling file), {@code type},
 * {@code const}, {@code enum}, {@code required}, {@code properties}, {@code additionalProperties},
 * {@code items} and {@code minimum}. Any other keyword in a schema fails, so a schema cannot say
 * more than is checked.
 */
final class JsonSchema {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> KNOWN = List.of("$schema", "$id", "$defs", "$ref", "title",
            "description", "type", "const", "enum", "required", "properties",
            "additionalProperties", "items", "minimum", "maximum");

    private final Path dir;

    private JsonSchema(Path dir) {
        this.dir = dir;
    }

    /**
     * @param schemaFile a schema in docs/json
     * @param document   the document
     * @return every violation, each naming its JSON pointer; empty when valid
     */
    static List<String> validate(Path schemaFile, JsonNode document) {
        final List<String> errors = new ArrayList<>();
        final JsonSchema v = new JsonSchema(schemaFile.getParent());
        final JsonNode schema = v.load(schemaFile.getFileName().toString());
        v.check(schema, schema, document, "", errors);
        return errors;
    }

    static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode load(String file) {
        try {
            return MAPPER.readTree(dir.resolve(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void check(JsonNode root, JsonNode schema, JsonNode doc, String at,
            List<String> errors) {
        for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
            final String k = it.next();
            if (!KNOWN.contains(k)) {
                throw new IllegalArgumentException("schema keyword " + k + " is not checked");
            }
        }
        if (schema.has("$ref")) {
            final String ref = schema.get("$ref").asText();
            final int hash = ref.indexOf('#');
            final JsonNode target = hash == 0 ? root : load(ref.substring(0, hash));
            check(target, target.at(ref.substring(hash + 1)), doc, at, errors);
            return;
        }
        if (schema.has("type") && !typeMatches(schema.get("type"), doc)) {
            errors.add(at + ": " + doc.getNodeType() + " is not " + schema.get("type"));
            return;
        }
        if (schema.has("const") && !schema.get("const").equals(doc)) {
            errors.add(at + ": " + doc + " is not " + schema.get("const"));
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode e : schema.get("enum")) {
                found |= e.equals(doc);
            }
            if (!found) {
                errors.add(at + ": " + doc + " is not one of " + schema.get("enum"));
            }
        }
        if (schema.has("minimum") && doc.isNumber()
                && doc.asDouble() < schema.get("minimum").asDouble()) {
            errors.add(at + ": " + doc + " is below " + schema.get("minimum"));
        }
        if (schema.has("maximum") && doc.isNumber()
                && doc.asDouble() > schema.get("maximum").asDouble()) {
            errors.add(at + ": " + doc + " is above " + schema.get("maximum"));
        }
        if (doc.isObject()) {
            for (JsonNode r : schema.path("required")) {
                if (!doc.has(r.asText())) {
                    errors.add(at + ": required " + r.asText() + " is missing");
                }
            }
            for (Map.Entry<String, JsonNode> f : doc.properties()) {
                final JsonNode p = schema.path("properties").get(f.getKey());
                final JsonNode extra = schema.get("additionalProperties");
                if (p != null) {
                    check(root, p, f.getValue(), at + "/" + f.getKey(), errors);
                } else if (extra != null && extra.isBoolean() && !extra.asBoolean()) {
                    errors.add(at + ": " + f.getKey() + " is not in the schema");
                } else if (extra != null && extra.isObject()) {
                    check(root, extra, f.getValue(), at + "/" + f.getKey(), errors);
                }
            }
        }
        if (doc.isArray() && schema.has("items")) {
            for (int i = 0; i < doc.size(); i++) {
                check(root, schema.get("items"), doc.get(i), at + "/" + i, errors);
            }
        }
    }

    private static boolean typeMatches(JsonNode type, JsonNode doc) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(t, doc)) {
                    return true;
                }
            }
            return false;
        }
        switch (type.asText()) {
            case "object": return doc.isObject();
            case "array": return doc.isArray();
            case "string": return doc.isTextual();
            case "integer": return doc.isIntegralNumber();
            case "number": return doc.isNumber();
            case "boolean": return doc.isBoolean();
            case "null": return doc.isNull();
            default: throw new IllegalArgumentException("type " + type);
        }
    }
}
