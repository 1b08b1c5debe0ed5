package org.sofj.audio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.LongSupplier;

import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.audio.SampleFormat;
import org.sofj.api.audio.Sink;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.spi.AudioEngine;
import org.sofj.api.spi.DpTask;
import org.sofj.api.spi.DpTaskSpec;
import org.sofj.api.spi.LlTask;
import org.sofj.api.spi.SchedulerConfig;

/**
 * A test pipeline, LL → DP → LL, as spec 4.8 runs it: an LL generator writes one 384-byte tick
 * of a counter pattern into a comp_buffer; an LL task copies it into the DP module's input ring;
 * the DP module adds 1 to every byte into its output ring; an LL task drains that ring into a
 * comp_buffer (not during the DP startup delay); an LL sink collects the bytes. Steady state
 * allocates nothing.
 */
final class Pipeline implements AutoCloseable {
    static final AudioFormat FORMAT = AudioFormat.of(48_000, 2, SampleFormat.S32_LE);
    static final int TICK_BYTES = FORMAT.bytesPerPeriod(1000); // 384

    final TestMemory memory = new TestMemory();
    final TickScheduler scheduler;
    final AudioEngine.Buffer generated;
    final AudioEngine.Buffer ringIn;
    final AudioEngine.Buffer ringOut;
    final AudioEngine.Buffer drained;
    final DpTask dp;
    final byte[] output;
    private final MemoryAccess access = memory.access();
    private final AudioRegion genRegion = new AudioRegion();
    private final AudioRegion sinkRegion = new AudioRegion();
    private final AudioRegion dpIn = new AudioRegion();
    private final AudioRegion dpOut = new AudioRegion();
    private int counter;
    private int collected;

    /**
     * @param outputBytes capacity of the collected output (it wraps when full)
     * @param clock       the scheduler's clock
     */
    Pipeline(int outputBytes, LongSupplier clock) {
        scheduler = (TickScheduler) memory.engine.newScheduler(new SchedulerConfig(
                SchedulerConfig.Clock.VIRTUAL, 1, 1000, clock));
        generated = memory.engine.newCompBuffer(memory.shared(), 2 * TICK_BYTES, FORMAT);
        ringIn = memory.engine.newRingBuffer(memory.shared(), TICK_BYTES, TICK_BYTES, FORMAT);
        ringOut = memory.engine.newRingBuffer(memory.shared(), TICK_BYTES, TICK_BYTES, FORMAT);
        drained = memory.engine.newCompBuffer(memory.shared(), 2 * TICK_BYTES, FORMAT);
        drained.sourceEndpoint().setMinAvailable(TICK_BYTES);
        output = new byte[outputBytes];
        dp = scheduler.newDpTask(new DpTaskSpec("plus-one", 0, 2000,
                (name, loop) -> daemon(new Thread(loop, name)), this::ready, this::process,
                new Sink[] {ringOut.sink()}));
        scheduler.addLlTask(0, task("generate", this::generate));
        scheduler.addLlTask(0, task("to-dp", tick -> memory.engine.copy(generated.source(),
                ringIn.sink(), Integer.MAX_VALUE)));
        scheduler.addLlTask(0, task("from-dp", this::fromDp));
        scheduler.addLlTask(0, task("collect", this::collect));
        assertEquals(0, dp.schedule());
    }

    private static Thread daemon(Thread t) {
        t.setDaemon(true);
        return t;
    }

    static LlTask task(String name, java.util.function.LongConsumer body) {
        return new LlTask() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void run(long tick) {
                body.accept(tick);
            }
        };
    }

    private void generate(long tick) {
        generated.sink().getBuffer(TICK_BYTES, genRegion);
        for (int i = 0; i < TICK_BYTES; i++) {
            access.putByte(genRegion.addressAt(i), (byte) counter++);
        }
        generated.sink().commitBuffer(TICK_BYTES);
    }

    private void fromDp(long tick) {
        if (!((DpTaskImpl) dp).startupDelayed()) {
            // limited to the next module's IBS, as module_adapter_copy_ring_buffers does
            memory.engine.copy(ringOut.source(), drained.sink(),
                    drained.source().getMinAvailable());
        }
    }

    private void collect(long tick) {
        final int n = drained.source().getDataAvailable();
        if (n == 0) {
            return;
        }
        drained.source().getData(n, sinkRegion);
        for (int i = 0; i < n; i++) {
            output[collected++ % output.length] = access.getByte(sinkRegion.addressAt(i));
        }
        drained.source().releaseData(n);
    }

    /** SOF's generic readiness: IBS available on the source, OBS free on the sink. */
    private boolean ready() {
        return ringIn.source().getDataAvailable() >= ringIn.source().getMinAvailable()
                && ringOut.sink().getFreeSize() >= ringOut.sink().getMinFreeSpace();
    }

    private int process() {
        ringIn.source().getData(TICK_BYTES, dpIn);
        ringOut.sink().getBuffer(TICK_BYTES, dpOut);
        for (int i = 0; i < TICK_BYTES; i++) {
            access.putByte(dpOut.addressAt(i), (byte) (access.getByte(dpIn.addressAt(i)) + 1));
        }
        ringOut.sink().commitBuffer(TICK_BYTES);
        ringIn.source().releaseData(TICK_BYTES);
        return DpTask.RESCHEDULE;
    }

    /** @return bytes collected so far */
    int collected() {
        return collected;
    }

    @Override
    public void close() {
        memory.close();
    }
}
