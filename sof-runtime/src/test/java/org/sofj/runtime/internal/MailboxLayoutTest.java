package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.FieldLayout;

/**
 * The proxy mailbox's false-sharing padding, as the JVM really lays it out (JOL reads the field
 * offsets HotSpot chose): the fields the kernel writes and the fields the worker writes are at
 * least {@link #PAD} bytes apart, and both are at least {@link #PAD} bytes from either end of the
 * object, so no neighbouring object shares their cache lines. 128, not 64: the adjacent-line
 * prefetcher moves lines in pairs.
 *
 * <p>Runs on the class path (the {@code class-path} surefire execution): JOL reads field offsets
 * with {@code Unsafe} and its agent, which a module-path test of an unexported package would have
 * to open explicitly.
 */
@Tag("class-path")
final class MailboxLayoutTest {
    private static final int PAD = 128;
    /** Written by the kernel's IPC thread (the request side). */
    private static final Set<String> REQUEST = Set.of("requestSeq", "op", "waiter",
            "waiterParked", "stopped", "abandoned");
    /** Written by the worker thread (the response side). */
    private static final Set<String> RESPONSE = Set.of("doneSeq", "seen", "status", "error",
            "errorKind", "allocated", "workerParked", "ended");

    private final ClassLayout layout = ClassLayout.parseClass(UserWorker.Mailbox.class);

    @Test
    void shouldKeepTheRequestAndResponseSidesAtLeast128BytesApart() {
        final List<FieldLayout> request = fields(REQUEST);
        final List<FieldLayout> response = fields(RESPONSE);
        final long requestEnd = end(request);
        final long responseStart = start(response);
        assertTrue(responseStart - requestEnd >= PAD, "request side ends at " + requestEnd
                + ", response side starts at " + responseStart + "\n" + layout.toPrintable());
    }

    @Test
    void shouldKeepBothSidesAtLeast128BytesFromTheObjectsEnds() {
        final List<FieldLayout> hot = fields(union());
        assertTrue(start(hot) >= PAD, "first hot field at " + start(hot) + "\n"
                + layout.toPrintable());
        assertTrue(layout.instanceSize() - end(hot) >= PAD, "last hot field ends at " + end(hot)
                + " of " + layout.instanceSize() + "\n" + layout.toPrintable());
    }

    @Test
    void shouldNameEveryFieldOfEitherSide() {
        // a field added to a side must be added to these sets, or the checks above miss it
        final Set<String> declared = layout.fields().stream().map(FieldLayout::name)
                .filter(n -> !n.matches("p\\d{3}")).collect(Collectors.toSet());
        final Set<String> cold = Set.of("idle", "quietCalls", "afterCall", "thread");
        assertEquals(declared, Set.copyOf(concat(union(), cold)));
    }

    private static Set<String> union() {
        return Set.copyOf(concat(REQUEST, RESPONSE));
    }

    private static List<String> concat(Set<String> a, Set<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).collect(Collectors.toList());
    }

    private List<FieldLayout> fields(Set<String> names) {
        final List<FieldLayout> out = layout.fields().stream()
                .filter(f -> names.contains(f.name())).collect(Collectors.toList());
        assertEquals(names.size(), out.size(), "fields " + names + " in\n"
                + layout.toPrintable());
        return out;
    }

    private static long start(List<FieldLayout> fields) {
        return fields.stream().mapToLong(FieldLayout::offset).min().orElseThrow();
    }

    private static long end(List<FieldLayout> fields) {
        return fields.stream().mapToLong(f -> f.offset() + f.size()).max().orElseThrow();
    }
}
