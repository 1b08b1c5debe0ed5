package org.sofj.runtime.internal;

import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;

/**
 * Whether a JFR recording may want sofj's {@link Events}, asked without loading them while the
 * JVM's Flight Recorder is not initialized. Loading the first {@link jdk.jfr.Event} subclass
 * makes the JVM instrument it with JFR's own bytecode tools, which a cold JVM interprets: about
 * 0.15 s of CPU in every {@code sofj run}, for events no recording could take (docs/jfr.md).
 * Until the recorder is initialized (a recording started on the command line, by {@code jcmd} or
 * with {@code jdk.jfr.Recording}, before or after the runtime was built) each check is one read of
 * a volatile boolean; from then on it is the event type's own {@link EventType#isEnabled()}.
 * Allocates nothing; any thread.
 */
final class Jfr {
    /** Set once the recorder is initialized; never cleared (a recorder is never torn down). */
    private static volatile boolean up;

    static {
        FlightRecorder.addListener(new FlightRecorderListener() {
            @Override
            public void recorderInitialized(FlightRecorder recorder) {
                up = true;
            }
        });
        if (FlightRecorder.isInitialized()) {
            up = true;
        }
    }

    private Jfr() {
    }

    /** @return whether the recorder is initialized: an event may be made and committed */
    static boolean up() {
        return up;
    }

    /** @return whether a recording takes {@link Events.Tick} */
    static boolean tick() {
        return up && Types.TICK.isEnabled();
    }

    /** @return whether a recording takes {@link Events.ModuleProcess} */
    static boolean process() {
        return up && Types.PROCESS.isEnabled();
    }

    /** @return whether a recording takes {@link Events.DeadlineMiss} */
    static boolean deadlineMiss() {
        return up && Types.MISS.isEnabled();
    }

    /** @return whether a recording takes {@link Events.Xrun} */
    static boolean xrun() {
        return up && Types.XRUN.isEnabled();
    }

    /** The event types, loaded (and their classes instrumented) on the first check after init. */
    private static final class Types {
        static final EventType TICK = EventType.getEventType(Events.Tick.class);
        static final EventType PROCESS = EventType.getEventType(Events.ModuleProcess.class);
        static final EventType MISS = EventType.getEventType(Events.DeadlineMiss.class);
        static final EventType XRUN = EventType.getEventType(Events.Xrun.class);

        private Types() {
        }
    }
}
