package org.sofj.llext.internal.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sofj.api.Errno;
import org.sofj.api.LibraryLoadException;
import org.sofj.api.LoadType;

final class SourceManifestParserTest {
    private static final String HEAD = "name = \"lib\"\nversion = \"1.0.0\"\napi_version = \"1.0.0\"\n";
    private static final String MODULE = "[[module]]\nname = \"GAIN\"\n"
            + "uuid = \"61bca9a8-18d0-4a18-8e7b-2639219804b7\"\nprovider = \"a.P\"\n";

    private static SourceManifest parse(String toml) {
        return SourceManifestParser.parse(toml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldApplySofDefaultsWhenOptionalKeysAreAbsent() {
        final var d = parse(HEAD + MODULE).modules().get(0).description();
        assertEquals(false, d.userMode());
        assertEquals(LoadType.LLEXT, d.loadType());
        assertEquals(1, d.affinityMask());
        assertEquals(1, d.instanceMaxCount());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown key      | colour = 1                 | colour     | 1",
        "wrong type       | ibs = \"384\"              | ibs        | \"384\"",
        "user_mode bool   | user_mode = true           | user_mode  | true",
        "user_mode 2      | user_mode = 2              | user_mode  | 2",
        "affinity 0       | affinity = 0               | affinity   | 0",
        "instances 65536  | instance_max_count = 65536 | instance_max_count | 65536",
        "negative ibs     | ibs = -1                   | ibs        | -1",
        "heap too big     | heap_bytes = 16777217      | heap_bytes | 16777217",
        "bad load type    | load_type = \"builtin\"    | load_type  | \"builtin\"",
        "is_pages 65536   | is_pages = 65536           | is_pages   | 65536",
    })
    void shouldNameKeyModuleAndValueWhenAModuleFieldIsBad(String label, String line, String key,
            String value) {
        final LibraryLoadException e = assertThrows(LibraryLoadException.class,
                () -> parse(HEAD + MODULE + line + "\n"));
        assertEquals(-Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("module \"GAIN\""), e.getMessage());
        assertTrue(e.getMessage().contains("key \"" + key + "\" = " + value), e.getMessage());
    }

    @Test
    void shouldNameKeyModuleAndValueWhenAModuleNameIsDuplicated() {
        final String second = MODULE.replace("61bca9a8", "71bca9a8");
        final LibraryLoadException e = assertThrows(LibraryLoadException.class,
                () -> parse(HEAD + MODULE + second));
        assertTrue(e.getMessage().contains("module \"GAIN\": key \"name\" = \"GAIN\""),
                e.getMessage());
        assertTrue(e.getMessage().contains("duplicates"), e.getMessage());
    }

    @Test
    void shouldNameKeyModuleAndValueWhenAUuidIsDuplicated() {
        final String second = MODULE.replace("\"GAIN\"", "\"MIX\"");
        final LibraryLoadException e = assertThrows(LibraryLoadException.class,
                () -> parse(HEAD + MODULE + second));
        assertTrue(e.getMessage().contains("module \"MIX\": key \"uuid\" = \""
                + "61bca9a8-18d0-4a18-8e7b-2639219804b7\""), e.getMessage());
        assertTrue(e.getMessage().contains("duplicates module \"GAIN\""), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "name = \"toolongname\" | name",
        "version = \"1.x\"      | version",
        "api_version = 1        | api_version",
        "vendor = \"x\"         | vendor",
    })
    void shouldNameKeyAndValueWhenALibraryFieldIsBad(String line, String key) {
        final String head = HEAD.lines().filter(l -> !l.startsWith(key + " "))
                .reduce("", (a, l) -> a + l + "\n");
        final LibraryLoadException e = assertThrows(LibraryLoadException.class,
                () -> parse(head + line + "\n" + MODULE));
        assertEquals(-Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("key \"" + key + "\" = "
                + line.substring(line.indexOf('=') + 2)), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "name with a line feed | [[module]]\\nname = \"G\\u000aN\"\\n | key \"name\" = \"G\\nN\"",
        "key with a line feed  | [[module]]\\n\"k\\u000a\" = 1\\n        | key \"k\\u000a\"",
        "name with an escape   | [[module]]\\nname = \"\\u001b[2J\"\\n | module \"\\u001b[2J\"",
        "broken TOML           | ibs = [1,\\n                        | not valid TOML: ",
        "a key twice           | name = \"x\"\\n                      | (line ",
    })
    void shouldRefuseInOneLineWithoutAControlCharacter(String what, String text, String shown) {
        final LibraryLoadException e = assertThrows(LibraryLoadException.class,
                () -> parse(HEAD + text.replace("\\n", "\n")));
        assertEquals(1, e.getMessage().lines().count(), what + ": " + e.getMessage());
        assertTrue(e.getMessage().chars().noneMatch(c -> c < 0x20 || c >= 0x7F && c <= 0x9F),
                what + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(shown), what + ": " + e.getMessage());
    }
}
