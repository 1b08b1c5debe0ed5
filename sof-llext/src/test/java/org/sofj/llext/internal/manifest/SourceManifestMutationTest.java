package org.sofj.llext.internal.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sofj.api.Errno;
import org.sofj.api.LibraryLoadException;
import org.sofj.api.ModuleDescription;

/**
 * A valid {@code modules.toml} of three modules mutated many ways, seeded: a value replaced by
 * another of any type or size (past an int, past a long, negative, a float, a name of 8 and 9
 * characters, a non-ASCII or control character, a duplicate name or UUID), a line deleted,
 * doubled, moved or inserted, the text cut short, a character replaced. Each is either parsed,
 * with every integer a module gives read as written, or refused with {@code -EINVAL} in one line,
 * without a control character, naming a key or saying where the TOML is broken.
 */
final class SourceManifestMutationTest {
    private static final String BASE = """
            name = "lib"
            version = "1.2.3.4"
            api_version = "1.0.0"

            [[module]]
            name = "GAIN"
            uuid = "61bca9a8-18d0-4a18-8e7b-2639219804b7"
            provider = "a.b.GainProvider"
            affinity = 3
            instance_max_count = 4
            user_mode = 1
            load_type = "llext"
            ibs = 384
            obs = 384
            cps = 1000
            is_pages = 1
            heap_bytes = 8192
            stack_bytes = 4096
            input_pins = 1
            output_pins = 1

            [[module]]
            name = "MIXERMIX"
            uuid = "71bca9a8-18d0-4a18-8e7b-2639219804b7"
            provider = "a.b.Mixer"
            input_pins = 8

            [[module]]
            name = "AUX"
            uuid = "81bca9a8-18d0-4a18-8e7b-2639219804b7"
            provider = "a.b.Aux"
            load_type = "llext_aux"
            """;
    private static final String[] VALUES = {"0", "1", "2", "-1", "8", "9", "255", "65535",
        "65536", "16777216", "16777217", "2147483647", "2147483648", "4294967295", "4294967296",
        "9223372036854775807", "9223372036854775808", "18446744073709551617",
        "18446744073709552000", "-9223372036854775809", "1.0", "1e3", "true", "0x10", "0o7",
        "\"\"", "\"GAIN\"", "\"MIXERMIX\"", "\"MIXERMIXX\"", "\"GA IN\"", "\"GAÏN\"",
        "\"G\\u000aAIN\"", "\"\\u001b[2J\"", "\"61bca9a8-18d0-4a18-8e7b-2639219804b7\"",
        "\"61BCA9A8-18D0-4A18-8E7B-2639219804B7\"", "\"00000000-0000-0000-0000-000000000000\"",
        "\"1-2-3-4-5\"", "\"llext\"", "\"module\"", "\"builtin\"", "\"1.0.0\"", "\"65535.65535.65535\"",
        "\"1.0.1024\"", "\"1.0\"", "\"a..b\"", "\"a.b.C\"", "[1]", "{ a = 1 }",
        "\"" + "x".repeat(500) + "\""};
    private static final String[] LINES = {"x = 1", "[[module]]", "[module]", "name = \"X\"",
        "uuid = \"91bca9a8-18d0-4a18-8e7b-2639219804b7\"", "provider = \"p.Q\"",
        "\"k\\u000a\" = 1", "[[module.x]]", "module = 1", "version = \"1.0.0\""};
    private static final Pattern ASSIGNMENT = Pattern.compile("^([a-z_]+) = (.*)$");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");
    private static final Map<String, ToLongFunction<ModuleDescription>> INTEGERS = Map.ofEntries(
            Map.entry("affinity", d -> Integer.toUnsignedLong(d.affinityMask())),
            Map.entry("instance_max_count", ModuleDescription::instanceMaxCount),
            Map.entry("user_mode", d -> d.userMode() ? 1 : 0),
            Map.entry("ibs", ModuleDescription::ibs), Map.entry("obs", ModuleDescription::obs),
            Map.entry("cps", ModuleDescription::cps),
            Map.entry("is_pages", ModuleDescription::isPages),
            Map.entry("heap_bytes", ModuleDescription::heapBytes),
            Map.entry("stack_bytes", ModuleDescription::stackBytes),
            Map.entry("input_pins", ModuleDescription::inputPins),
            Map.entry("output_pins", ModuleDescription::outputPins));

    @Test
    void shouldParseTheBaseAsWritten() {
        final SourceManifest m = parse(BASE);
        assertEquals(3, m.modules().size());
        assertIntegersAsWritten(m, BASE, "base");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void shouldParseAsWrittenOrRefuseInOneLineNamingAKey(long seed) {
        final Random r = new Random(seed);
        int parsed = 0;
        for (int step = 0; step < 300; step++) {
            final String text = mutate(r);
            final String what = "step " + step + ", seed " + seed + ":\n" + text;
            final SourceManifest m;
            try {
                m = parse(text);
            } catch (LibraryLoadException e) {
                assertEquals(-Errno.EINVAL, e.errno(), what);
                final String message = e.getMessage();
                assertEquals(1, message.lines().count(), message + "\n" + what);
                for (char c : message.toCharArray()) {
                    assertFalse(c < 0x20 || c >= 0x7F && c <= 0x9F,
                            "a control character in " + message + "\n" + what);
                }
                assertTrue(message.startsWith(SourceManifest.PATH + ": "), message);
                assertTrue(message.contains("key \"") || message.contains("not valid TOML: ")
                        && message.contains("(line "), "names no key: " + message + "\n" + what);
                continue;
            }
            parsed++;
            assertIntegersAsWritten(m, text, what);
        }
        assertTrue(parsed > 30, "enough mutants parsed to mean something: " + parsed);
    }

    private static SourceManifest parse(String text) {
        return SourceManifestParser.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Each module's integer keys, read back from its description, equal what the text says. */
    private static void assertIntegersAsWritten(SourceManifest m, String text, String what) {
        int module = -1;
        for (String line : text.split("\n", -1)) {
            if (line.equals("[[module]]")) {
                module++;
                continue;
            }
            final Matcher a = ASSIGNMENT.matcher(line);
            if (module < 0 || !a.matches() || !INTEGER.matcher(a.group(2)).matches()
                    || !INTEGERS.containsKey(a.group(1))) {
                continue;
            }
            final ModuleDescription d = m.modules().get(module).description();
            assertEquals(new BigInteger(a.group(2)),
                    BigInteger.valueOf(INTEGERS.get(a.group(1)).applyAsLong(d)),
                    a.group(1) + " of module " + module + "\n" + what);
        }
    }

    /** The line with one character replaced by any of U+0000..U+009F (controls included). */
    private static String oneCharReplaced(String line, Random r) {
        if (line.isEmpty()) {
            return line;
        }
        final StringBuilder b = new StringBuilder(line);
        b.setCharAt(r.nextInt(line.length()), (char) r.nextInt(0xA0));
        return b.toString();
    }

    private static String mutate(Random r) {
        final List<String> lines = new ArrayList<>(Arrays.asList(BASE.split("\n", -1)));
        final int times = r.nextInt(4) == 0 ? 2 : 1;
        for (int k = 0; k < times; k++) {
            final int at = r.nextInt(lines.size());
            switch (r.nextInt(7)) {
                case 0, 1, 2 -> {
                    final Matcher m = ASSIGNMENT.matcher(lines.get(at));
                    if (m.matches()) {
                        lines.set(at, m.group(1) + " = " + VALUES[r.nextInt(VALUES.length)]);
                    }
                }
                case 3 -> lines.remove(at);
                case 4 -> lines.add(at, r.nextBoolean() ? lines.get(r.nextInt(lines.size()))
                        : LINES[r.nextInt(LINES.length)]);
                case 5 -> lines.add(r.nextInt(lines.size()), lines.remove(at));
                default -> lines.set(at, oneCharReplaced(lines.get(at), r));
            }
        }
        final String text = String.join("\n", lines);
        return r.nextInt(12) == 0 ? text.substring(0, r.nextInt(text.length())) : text;
    }
}
