package org.sofj.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --json} of run, bench and inspect, each validated against its schema in docs/json. */
final class JsonOutputTest {
    private static final Path SCHEMAS = Cli.REPO.resolve("docs/json");

    @TempDir
    static Path dir;

    @BeforeAll
    static void workspace() {
        Cli.workspace(dir);
    }

    private static JsonNode valid(String schema, Cli.Result r) {
        final JsonNode doc = JsonSchema.parse(r.out());
        final List<String> errors = JsonSchema.validate(SCHEMAS.resolve(schema), doc);
        assertEquals(List.of(), errors, r.out());
        return doc;
    }

    @Test
    void shouldPrintAValidRunDocumentWithEveryModule() {
        final Path out = dir.resolve("json.wav");
        final Cli.Result r = Cli.check(Cli.run("run", dir.resolve("examples/tone-eq-fir.toml")
                .toString(), "--json", "--seconds", "0.5", "--output", out.toString()));
        final JsonNode doc = valid("run.schema.json", r);
        assertEquals(500, doc.get("ticks").asInt());
        assertEquals(List.of("tone", "gain", "eq", "pass", "fir", "out"),
                doc.get("modules").findValuesAsText("name"));
        final JsonNode eq = doc.get("modules").get(2);
        assertEquals("user", eq.get("mode").asText());
        assertEquals("DP", eq.get("domain").asText());
        assertTrue(eq.get("processNanos").get("count").asLong() > 0);
        // eq and fir keep their state in Java arrays, which the memory() columns never see
        for (JsonNode m : List.of(eq, doc.get("modules").get(4))) {
            assertTrue(m.get("javaAllocatedBytes").asLong() > 0, m.toString());
        }
        assertTrue(doc.get("outputs").get("out").asText().startsWith(out.toString()));
        assertEquals(0, doc.get("unexpectedFaults").size());
    }

    @Test
    void shouldTellXrunsAfterStartUpApartOnTheWallClockOnly() {
        final JsonNode virtual = valid("run.schema.json", Cli.check(Cli.run("run",
                dir.resolve("examples/tone-eq-fir.toml").toString(), "--json", "--seconds", "2")));
        assertEquals(-1, virtual.get("modules").get(5).get("xrunsAfterStartup").asLong(),
                "virtual: no start-up");
        assertFalse(virtual.get("hostStalls").has("afterStartup"), "virtual: no start-up");
        // the wall clock, past the 1,000 start-up ticks (faults allowed: the machine may be busy)
        final JsonNode doc = valid("run.schema.json", Cli.check(Cli.run("run",
                dir.resolve("examples/tone-eq-fir.toml").toString(), "--json", "--clock", "wall",
                "--seconds", "1.3", "--allow-faults")));
        for (JsonNode m : doc.get("modules")) {
            final long after = m.get("xrunsAfterStartup").asLong();
            assertTrue(after >= 0 && after <= m.get("xruns").asLong(), m.toString());
        }
        // host stalls too: the part after start-up is a part of the whole, counted apart
        final JsonNode stalls = doc.get("hostStalls");
        for (String k : new String[] {"lateTicks", "stalls", "skippedTicks", "dpHolds"}) {
            final long after = stalls.get("afterStartup").get(k).asLong();
            assertTrue(after >= 0 && after <= stalls.get(k).asLong(), stalls.toString());
        }
    }

    @Test
    void shouldListTheUnexpectedFaultInTheDocumentAndExit3() {
        final Cli.Result r = Cli.run("run", dir.resolve("examples/misbehaving.toml").toString(),
                "--json");
        assertEquals(Main.EXIT_REFUSED, r.code());
        final JsonNode doc = valid("run.schema.json", r);
        assertEquals("snoop", doc.get("unexpectedFaults").get(0).asText());
        assertTrue(doc.get("events").findValuesAsText("kind").contains("MEMORY_FAULT"));
    }

    @Test
    void shouldRejectADocumentThatBreaksTheSchema() {
        final Cli.Result r = Cli.check(Cli.run("run", dir.resolve("examples/tone-eq-fir.toml")
                .toString(), "--json", "--seconds", "0.1"));
        final ObjectNode doc = (ObjectNode) JsonSchema.parse(r.out());
        doc.remove("ticks");
        ((ObjectNode) doc.get("modules").get(0)).put("mode", "root");
        doc.put("extra", 1);
        final List<String> errors = JsonSchema.validate(SCHEMAS.resolve("run.schema.json"), doc);
        assertEquals(3, errors.size(), errors.toString());
    }

    @Test
    void shouldPrintAValidInspectDocumentForAPassAndARefusal() {
        final String lib = dir.resolve("target/sofj/sample.sofjlib").toString();
        final JsonNode ok = valid("inspect.schema.json", Cli.check(Cli.run("inspect", lib,
                "--json", "--trust", dir.resolve("target/sofj/dev.pub").toString())));
        assertTrue(ok.get("loadCheck").get("loads").asBoolean());
        assertTrue(ok.get("modules").findValuesAsText("name").contains("eq_iir"));
        for (JsonNode m : ok.get("modules")) { // the sample library declares its pins
            assertEquals("mixer".equals(m.get("name").asText()) ? 8 : 1,
                    m.get("inputPins").asInt(), m.toString());
            assertEquals(1, m.get("outputPins").asInt(), m.toString());
        }
        ((ObjectNode) ok.get("modules").get(0)).put("inputPins", 9);
        assertEquals(1, JsonSchema.validate(SCHEMAS.resolve("inspect.schema.json"), ok).size(),
                "a ninth pin is past the schema's maximum");
        Cli.check(Cli.run("keygen", "--out", dir.resolve("other").toString()));
        final Cli.Result refused = Cli.run("inspect", lib, "--json", "--trust",
                dir.resolve("other.pub").toString());
        assertEquals(Main.EXIT_REFUSED, refused.code());
        final JsonNode no = valid("inspect.schema.json", refused);
        assertFalse(no.get("loadCheck").get("loads").asBoolean());
        assertTrue(no.get("loadCheck").get("verdict").asText().contains("REFUSED"));
        assertFalse(valid("inspect.schema.json", Cli.check(Cli.run("inspect", lib, "--json")))
                .get("loadCheck").get("run").asBoolean());
    }

    /** Wall clock on purpose: bench measures real ticks. Bounded: 1 s per run, two runs. */
    @Test
    void shouldPrintAValidBenchDocumentWithRatiosAndTheEnvironment() {
        final JsonNode doc = valid("bench.schema.json", Cli.check(Cli.run("bench", "--seconds",
                "1", "--json", "--plugin", Cli.PLUGINS.resolve("plugins-sample.jar").toString())));
        assertEquals(6, doc.get("ratios").size());
        assertEquals("user", doc.get("user").get("modules").get(2).get("mode").asText());
        assertEquals("kernel", doc.get("kernel").get("modules").get(2).get("mode").asText());
        assertTrue(doc.get("environment").get("cores").asInt() >= 1);
    }
}
