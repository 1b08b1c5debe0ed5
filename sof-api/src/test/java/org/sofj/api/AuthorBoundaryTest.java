package org.sofj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;
import org.sofj.api.audio.TestBuffer;
import org.sofj.api.spi.SinkEndpoint;
import org.sofj.api.spi.SourceEndpoint;

/**
 * The author API is the isolation boundary (issue 11, item 2): the module-facing sink and source
 * are final, carry only what a module may call, and exist only as views the platform made;
 * platform-only types are not in the author packages.
 */
final class AuthorBoundaryTest {

    private static final Set<String> SINK_METHODS = Set.of("getFreeSize", "getBuffer",
            "commitBuffer", "getFreeFrames", "getFreeFramesAligned", "audioFormat", "frameBytes",
            "alignFrameCount", "alignShift", "getMinFreeSpace", "getNumOfProcessedBytes",
            "requestedWriteSize", "isOverrunPermitted", "lastFeedingTimeMicros");

    private static final Set<String> SOURCE_METHODS = Set.of("getDataAvailable", "getData",
            "releaseData", "getDataFramesAvailable", "getAlignedFramesAvailable",
            "alignFramesRoundUp", "alignFramesRoundDown", "alignFramesRoundNearest",
            "audioFormat", "frameBytes", "alignFrameCount", "alignShift", "getMinAvailable",
            "getNumOfProcessedBytes", "requestedReadSize", "isUnderrunPermitted");

    @Test
    void shouldMakeTheModuleFacingSinkAndSourceFinal() {
        assertTrue(Modifier.isFinal(Sink.class.getModifiers()), "Sink must be final");
        assertTrue(Modifier.isFinal(Source.class.getModifiers()), "Source must be final");
    }

    @Test
    void shouldOfferOnlyModuleMethodsOnTheSink() {
        assertEquals(new TreeSet<>(SINK_METHODS), declaredPublicMethods(Sink.class));
    }

    @Test
    void shouldOfferOnlyModuleMethodsOnTheSource() {
        assertEquals(new TreeSet<>(SOURCE_METHODS), declaredPublicMethods(Source.class));
    }

    @Test
    void shouldKeepTheKernelSettersOnTheEndpoints() {
        final Set<String> sink = declaredPublicMethods(SinkEndpoint.class);
        final Set<String> source = declaredPublicMethods(SourceEndpoint.class);
        for (String setter : new String[] {"setAudioFormat", "setAlignmentConstants", "bind",
                "unbind", "boundModule", "resetNumOfProcessedBytes", "clearRequest"}) {
            assertTrue(sink.contains(setter), "SinkEndpoint lacks " + setter);
            assertTrue(source.contains(setter), "SourceEndpoint lacks " + setter);
        }
        assertTrue(sink.containsAll(Set.of("setMinFreeSpace", "setOverrunPermitted", "sink")));
        assertTrue(source.containsAll(Set.of("setMinAvailable", "setUnderrunPermitted",
                "source")));
        assertTrue(sink.containsAll(SINK_METHODS), "the endpoint holds the whole contract");
        assertTrue(source.containsAll(SOURCE_METHODS), "the endpoint holds the whole contract");
    }

    @Test
    void shouldMakeExactlyOneViewPerEndpoint() {
        final TestBuffer b = new TestBuffer(256);
        final IllegalStateException sink = assertThrows(IllegalStateException.class,
                () -> new Sink(b.sinkEndpoint()));
        assertTrue(sink.getMessage().contains("already has its sink view"), sink.getMessage());
        assertThrows(IllegalStateException.class, () -> new Source(b.sourceEndpoint()));
        assertThrows(NullPointerException.class, () -> new Sink(null));
        assertThrows(NullPointerException.class, () -> new Source(null));
        assertEquals(b.sink(), b.sinkEndpoint().sink(), "the view is made once and kept");
    }

    @Test
    void shouldShowTheKernelsSettingsThroughTheViews() {
        final TestBuffer b = new TestBuffer(256);
        b.sinkEndpoint().setMinFreeSpace(96);
        b.sinkEndpoint().setOverrunPermitted(true);
        b.sourceEndpoint().setMinAvailable(48);
        b.sourceEndpoint().setUnderrunPermitted(true);
        assertEquals(96, b.sink().getMinFreeSpace());
        assertTrue(b.sink().isOverrunPermitted());
        assertEquals(48, b.source().getMinAvailable());
        assertTrue(b.source().isUnderrunPermitted());
        final AudioRegion region = new AudioRegion();
        assertEquals(0, b.sink().getBuffer(64, region));
        b.sinkEndpoint().clearRequest();
        assertEquals(0, b.sink().requestedWriteSize(), "a dropped fragment is gone for the view");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MemoryDomain", "MemoryLayout", "Partition", "PartitionAttribute",
            "Heap", "HeapStats"})
    void shouldKeepPlatformMemoryTypesOutOfTheAuthorPackages(String name) {
        assertThrows(ClassNotFoundException.class,
                () -> Class.forName("org.sofj.api.memory." + name));
        assertPlatformType(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ModuleOperation", "SinkEndpoint", "SourceEndpoint"})
    void shouldKeepPlatformTypesOutOfTheRootAndAudioPackages(String name) {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.sofj.api." + name));
        assertThrows(ClassNotFoundException.class,
                () -> Class.forName("org.sofj.api.audio." + name));
        assertPlatformType(name);
    }

    private static void assertPlatformType(String name) {
        try {
            Class.forName("org.sofj.api.spi." + name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("org.sofj.api.spi." + name + " is missing", e);
        }
    }

    private static Set<String> declaredPublicMethods(Class<?> type) {
        return Arrays.stream(type.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()))
                .map(Method::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
