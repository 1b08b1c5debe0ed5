package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sofj.runtime.InstanceSpec;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.host.HostEndpoints;
import org.sofj.runtime.host.HostPort;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/** Host endpoints carry PCM in and out; JFR sees proxied calls and faults. */
final class HostAndJfrTest {

    private static int create(SofRuntime rt, String name, int instance, ProcDomain domain) {
        return rt.initInstance(new InstanceSpec(rt.moduleId(0, name), instance, 0, 1, domain,
                RuntimeFixture.CONFIG, null, 0, 0));
    }

    @Test
    void shouldCarryPcmFromHostInThroughAUserModuleToHostOut() {
        final HostEndpoints endpoints = new HostEndpoints(8192);
        try (SofRuntime rt = SofRuntime.builder().builtIn(endpoints).builtIn(new TestModules())
                .build()) {
            rt.createPipeline(1, 0);
            rt.setPipelineState(1, PipelineState.RESET); // completes it, as SOF needs before RUNNING
            final int in = create(rt, HostEndpoints.HOST_IN, 0, ProcDomain.LL);
            final int pass = create(rt, "pass", 0, ProcDomain.DP);
            final int out = create(rt, HostEndpoints.HOST_OUT, 0, ProcDomain.LL);
            rt.bind(in, 0, pass, 0);
            rt.bind(pass, 0, out, 0);
            final HostPort input = endpoints.port(in);
            final HostPort output = endpoints.port(out);
            final byte[] pcm = new byte[384 * 10];
            for (int i = 0; i < pcm.length; i++) {
                pcm[i] = (byte) (i * 7 + 3);
            }
            assertEquals(pcm.length, input.write(pcm, 0, pcm.length));
            rt.setPipelineState(1, PipelineState.RUNNING);
            rt.runTicks(20);
            final byte[] got = new byte[8192];
            final int n = output.read(got, 0, got.length);
            assertTrue(n >= pcm.length, "read " + n);
            // leading silence is the pipeline's latency; the data follows it unchanged
            int start = 0;
            while (start < n && got[start] == 0) {
                start++;
            }
            start -= start % 384;
            final byte[] payload = java.util.Arrays.copyOfRange(got, start, start + pcm.length);
            assertArrayEquals(pcm, payload);
            assertTrue(input.underruns() > 0, "host_in played silence once the input ran out");
            assertThrows(IllegalArgumentException.class, () -> endpoints.port(pass));
        }
    }

    @Test
    void shouldRecordProxyCallsAndFaultsWithJfr(@TempDir Path dir) throws Exception {
        final Path file = dir.resolve("sofj.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("org.sofj.ProxyCall");
            recording.enable("org.sofj.Fault");
            recording.start();
            try (RuntimeFixture fx = new RuntimeFixture()) {
                final TestModules.Script evil = new TestModules.Script();
                evil.process = (ctx, sources, sinks) -> ctx.access().getInt(0x20000040L);
                TestModules.SCRIPTS.put("evil", evil);
                fx.kernel.createPipeline(1, 0);
                fx.kernel.setPipelineState(1, PipelineState.RESET); // completes it, as SOF needs before RUNNING
                final int id = fx.create("evil", 0, 1, ProcDomain.DP);
                fx.kernel.setPipelineState(1, PipelineState.RUNNING);
                fx.ticks(5);
                assertTrue(fx.component(id).faulted);
            }
            recording.stop();
            recording.dump(file);
        }
        final List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        final List<String> names = events.stream().map(e -> e.getEventType().getName())
                .collect(Collectors.toList());
        assertTrue(names.contains("org.sofj.ProxyCall"), names.toString());
        assertTrue(names.contains("org.sofj.Fault"), names.toString());
        final RecordedEvent fault = events.stream()
                .filter(e -> e.getEventType().getName().equals("org.sofj.Fault")).findFirst()
                .orElseThrow();
        assertEquals("MEMORY_FAULT", fault.getString("kind"));
    }
}
