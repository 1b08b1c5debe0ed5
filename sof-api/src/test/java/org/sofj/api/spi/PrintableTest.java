package org.sofj.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

final class PrintableTest {
    @Test
    void shouldWriteEveryControlCharacterAsAUnicodeEscapeAndNothingElse() {
        assertEquals("a\\u000aWARNING\\u000d\\u001b[2J\\u007f\\u009bz \u00e9\u20ac",
                Printable.escapeControls("a\nWARNING\r\u001b[2J\u007f\u009bz \u00e9\u20ac"));
        final String plain = "plain text, with \u00e9";
        assertSame(plain, Printable.escapeControls(plain), "nothing to escape: the same string");
    }
}
