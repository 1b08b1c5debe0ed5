package org.sofj.testkit;

import java.util.ArrayList;
import java.util.List;

import org.sofj.runtime.InstanceReport;
import org.sofj.runtime.RuntimeEvent;

/**
 * What a {@link ModuleHarness} run produced.
 *
 * @param outputs  the capture of each output pin of the last module, by pin
 * @param reports  each module's instance report at the end of the run, in graph order (taken
 *                 before the instances were deleted)
 * @param events   the runtime's event log: faults and xruns, oldest first
 * @param ticks    LL ticks run
 */
public record HarnessResult(List<CapturedAudio> outputs, List<InstanceReport> reports,
        List<RuntimeEvent> events, int ticks) {

    /**
     * Copies.
     *
     * @param outputs the capture of each output pin of the last module, by pin
     * @param reports each module's instance report at the end of the run, in graph order (taken
     *     before the instances were deleted)
     * @param events the runtime's event log: faults and xruns, oldest first
     * @param ticks LL ticks run
     */
    public HarnessResult {
        outputs = List.copyOf(outputs);
        reports = List.copyOf(reports);
        events = List.copyOf(events);
    }

    /**
     * What one output pin of the last module captured.
     *
     * @param pin an output pin of the last module
     * @return its capture
     * @throws IllegalArgumentException naming the pin if it is not captured
     */
    public CapturedAudio output(int pin) {
        if (pin < 0 || pin >= outputs.size()) {
            throw new IllegalArgumentException("pin=" + pin + " must be in [0, "
                    + outputs.size() + ")");
        }
        return outputs.get(pin);
    }

    /** {@return the capture of output pin 0} */
    public CapturedAudio output() {
        return output(0);
    }

    /** {@return the events that are faults ({@link RuntimeEvent.Kind#isFault})} */
    public List<RuntimeEvent> faults() {
        final List<RuntimeEvent> faults = new ArrayList<>();
        for (RuntimeEvent e : events) {
            if (e.kind().isFault()) {
                faults.add(e);
            }
        }
        return faults;
    }

    /**
     * Fails if any module faulted.
     *
     * @return this result
     * @throws AssertionError listing every fault event and FAULTED instance
     */
    public HarnessResult assertNoFaults() {
        final StringBuilder why = new StringBuilder();
        for (RuntimeEvent e : faults()) {
            why.append("\n  ").append(e.kind()).append(" at tick ").append(e.tick()).append(": ")
                    .append(e.detail());
        }
        for (InstanceReport r : reports) {
            if (r.faulted()) {
                why.append("\n  instance ").append(r.name()).append(" comp_id=0x")
                        .append(Integer.toHexString(r.componentId())).append(" is FAULTED");
            }
        }
        if (why.length() > 0) {
            throw new AssertionError("the run faulted:" + why);
        }
        return this;
    }
}
