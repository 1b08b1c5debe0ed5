package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.sofj.runtime.JvmFlags;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.SofRuntimeBuilder;

/** Defaults an embedder gets without asking, and SOF's value one option away. */
final class BuilderDefaultsTest {
    @Test
    void shouldDefaultToAOneSecondProxyTimeoutAndTakeSofsFiveMillisecondsOnRequest() {
        try (Kernel k = (Kernel) SofRuntime.builder().build()) {
            assertEquals(Duration.ofSeconds(1), k.options().proxyTimeout());
        }
        try (Kernel k = (Kernel) SofRuntime.builder()
                .proxyTimeout(SofRuntimeBuilder.SOF_PROXY_TIMEOUT).build()) {
            assertEquals(Duration.ofMillis(5), k.options().proxyTimeout());
        }
    }

    @Test
    void shouldListTheAgronaExportThisJvmHas() {
        JvmFlags.check(); // the build runs the tests with the flag: no exception
        assertTrue(JvmFlags.required().get(0).startsWith(
                "--add-exports java.base/jdk.internal.misc="), JvmFlags.required().toString());
        assertEquals(Runtime.version().feature() >= 24 ? 2 : 1, JvmFlags.required().size());
    }
}
