package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sofj.api.IpcException;
import org.sofj.api.ModuleIds;
import org.sofj.runtime.InstanceSpec;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * A host that sends requests at random from a small alphabet (pipelines 0..3 on two cores,
 * instances 0..2 of four module types, every pin pair, every state, blobs up to past the limit),
 * legal and illegal mixed, with ticks between them. Every refused request must leave the runtime
 * exactly as it was (tables, heaps, drivers: {@link HostileRequestsTest#snapshot}), except the one
 * refusal SOF itself lets change state: a RUNNING whose prepare fails resets that pipeline.
 * Nothing may be FAULTED: every module is well-behaved.
 */
final class RefusedChangesNothingTest {
    private static final String[] TYPES = {"src", "cap", "pass", "upass"};
    private final RuntimeFixture fx = new RuntimeFixture(SofRuntime.builder().cores(2));

    @AfterEach
    void close() {
        fx.close();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void shouldLeaveTheRuntimeAsItWasAfterEveryRefusedRequest(long seed) {
        final Random r = new Random(seed);
        final List<String> log = new ArrayList<>();
        int refused = 0;
        for (int step = 0; step < 1500; step++) {
            final String before = HostileRequestsTest.snapshot(fx);
            final int op = r.nextInt(9);
            final String what;
            boolean mayChange = false;
            try {
                switch (op) {
                    case 0 -> {
                        final int p = r.nextInt(4);
                        final int core = r.nextInt(2);
                        what = "createPipeline " + p + " core " + core;
                        fx.kernel.createPipeline(p, core);
                    }
                    case 1 -> {
                        final int p = r.nextInt(4);
                        what = "deletePipeline " + p;
                        fx.kernel.deletePipeline(p);
                    }
                    case 2 -> {
                        final String type = TYPES[r.nextInt(TYPES.length)];
                        final int inst = r.nextInt(3);
                        final int p = r.nextInt(4);
                        final ProcDomain d = type.equals("src") || type.equals("cap")
                                ? ProcDomain.LL : r.nextBoolean() ? ProcDomain.DP : ProcDomain.LL;
                        final int core = r.nextInt(2);
                        what = "init " + type + "#" + inst + " ppl " + p + " " + d + " core " + core;
                        fx.kernel.initInstance(new InstanceSpec(TestModules.moduleId(type), inst,
                                core, p, d, RuntimeFixture.CONFIG, null, 0, 0));
                    }
                    case 3 -> {
                        final int id = pick(r);
                        what = "delete 0x" + Integer.toHexString(id);
                        fx.kernel.deleteInstance(id);
                    }
                    case 4, 5 -> {
                        final int a = pick(r);
                        final int b = pick(r);
                        final int qa = r.nextInt(2);
                        final int qb = r.nextInt(2);
                        final boolean bind = op == 4;
                        what = (bind ? "bind " : "unbind ") + Integer.toHexString(a) + ":" + qa
                                + " -> " + Integer.toHexString(b) + ":" + qb;
                        if (bind) {
                            fx.kernel.bind(a, qa, b, qb);
                        } else {
                            fx.kernel.unbind(a, qa, b, qb);
                        }
                    }
                    case 6, 7 -> {
                        final int p = r.nextInt(4);
                        final PipelineState s = PipelineState.values()[r.nextInt(
                                PipelineState.values().length)];
                        what = "state " + p + " " + s;
                        mayChange = s == PipelineState.RUNNING;
                        fx.kernel.setPipelineState(p, s);
                    }
                    default -> {
                        final int id = pick(r);
                        final int size = r.nextInt(3) == 0 ? 8193 : 1 + r.nextInt(64);
                        what = "config 0x" + Integer.toHexString(id) + " " + size;
                        fx.kernel.setConfiguration(id, 1, new byte[size]);
                    }
                }
                log.add(step + " ok " + what);
            } catch (IpcException e) {
                refused++;
                log.add(step + " refused " + e.status());
                if (!mayChange) {
                    assertEquals(before, HostileRequestsTest.snapshot(fx), "step " + step
                            + ": refused " + e.getMessage() + " changed the runtime; "
                            + log.subList(Math.max(0, log.size() - 8), log.size()));
                }
            } catch (IllegalArgumentException e) {
                log.add(step + " illegal " + e.getMessage());
                assertEquals(before, HostileRequestsTest.snapshot(fx), "step " + step + ": "
                        + e.getMessage());
            }
            fx.ticks(1 + r.nextInt(3));
        }
        assertTrue(refused > 100, "enough refusals to mean something: " + refused);
        assertEquals(List.of(), fx.kernel.events().stream()
                .filter(e -> e.kind() != org.sofj.runtime.RuntimeEvent.Kind.XRUN).toList(),
                "nothing FAULTED");
    }

    /** A component id: usually one that exists, sometimes one that does not. */
    private int pick(Random r) {
        final List<Integer> ids = fx.kernel.instances();
        if (ids.isEmpty() || r.nextInt(8) == 0) {
            return ModuleIds.componentId(r.nextInt(3),
                    TestModules.moduleId(TYPES[r.nextInt(TYPES.length)]));
        }
        return ids.get(r.nextInt(ids.size()));
    }
}
