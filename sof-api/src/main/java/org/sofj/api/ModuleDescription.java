package org.sofj.api;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * What a library's manifest says about one module type.
 *
 * @param name             up to 8 ASCII characters, SOF's {@code sof_man_module.name}
 * @param uuid             the driver lookup key
 * @param loadType         how the module is loaded
 * @param userMode         {@code true} runs the module in user space (its own domain, behind the
 *                         proxy); {@code false}, the default as in SOF, runs it in kernel mode
 * @param affinityMask     the cores it may run on; SOF's default 1
 * @param instanceMaxCount the most instances at once, 1..65535; SOF's default 1
 * @param ibs              default input buffer size in bytes
 * @param obs              default output buffer size in bytes
 * @param cps              cycles per second budget; 0 means unbudgeted
 * @param isPages          instance BSS pages
 * @param heapBytes        requested driver heap bytes; 0 means the runtime default (4096)
 * @param stackBytes       requested stack bytes; 0 means the runtime default (4096)
 * @param inputPins        the input pins it has (SOF's {@code max_sources}), 1..{@value #MAX_PINS};
 *                         0 means undeclared: any of the {@value #MAX_PINS} pins a bind may name
 * @param outputPins       the output pins it has (SOF's {@code max_sinks}), 1..{@value #MAX_PINS};
 *                         0 means undeclared
 */
public record ModuleDescription(String name, UUID uuid, LoadType loadType, boolean userMode,
        int affinityMask, int instanceMaxCount, int ibs, int obs, int cps, int isPages,
        long heapBytes, long stackBytes, int inputPins, int outputPins) {

    /** The longest name, {@code sof_man_module.name} is 8 bytes. */
    public static final int MAX_NAME_LENGTH = 8;
    /** The largest heap or stack a module may request: 16 MiB. */
    public static final long MAX_REQUEST_BYTES = 16L << 20;
    /**
     * Pins per side: SOF's {@code CONFIG_MODULE_MAX_CONNECTIONS}, and IPC4's 3-bit queue ids
     * ({@code IPC4_MAX_SRC_QUEUE}, {@code IPC4_MAX_DST_QUEUE}).
     */
    public static final int MAX_PINS = 8;

    /**
     * Validates every field.
     *
     * @param name up to 8 ASCII characters, SOF's {@code sof_man_module.name}
     * @param uuid the driver lookup key
     * @param loadType how the module is loaded
     * @param userMode {@code true} runs the module in user space (its own domain, behind the
     *     proxy); {@code false}, the default as in SOF, runs it in kernel mode
     * @param affinityMask the cores it may run on; SOF's default 1
     * @param instanceMaxCount the most instances at once, 1..65535; SOF's default 1
     * @param ibs default input buffer size in bytes
     * @param obs default output buffer size in bytes
     * @param cps cycles per second budget; 0 means unbudgeted
     * @param isPages instance BSS pages
     * @param heapBytes requested driver heap bytes; 0 means the runtime default (4096)
     * @param stackBytes requested stack bytes; 0 means the runtime default (4096)
     * @param inputPins the input pins it has, 1..8; 0 means undeclared (any of 8)
     * @param outputPins the output pins it has, 1..8; 0 means undeclared (any of 8)
     * @throws NullPointerException if {@code name}, {@code uuid} or {@code loadType} is null
     * @throws IllegalArgumentException naming the field and value if out of range
     */
    public ModuleDescription {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(loadType, "loadType");
        checkName(name);
        if (affinityMask == 0) {
            throw new IllegalArgumentException("module=" + name
                    + " affinityMask=0 must name at least one core");
        }
        if (instanceMaxCount < 1 || instanceMaxCount > 0xFFFF) {
            throw new IllegalArgumentException("module=" + name + " instanceMaxCount="
                    + instanceMaxCount + " must be in [1, 65535]");
        }
        nonNegative(name, "ibs", ibs);
        nonNegative(name, "obs", obs);
        nonNegative(name, "cps", cps);
        nonNegative(name, "isPages", isPages);
        request(name, "heapBytes", heapBytes);
        request(name, "stackBytes", stackBytes);
        pins(name, "inputPins", inputPins);
        pins(name, "outputPins", outputPins);
    }

    /**
     * The one pin rule, for the IPC bind and the topology loader alike: a bind may name pins
     * {@code 0..n-1} of a side with {@code n} declared pins, and any of {@value #MAX_PINS} when the
     * side is undeclared (SOF checks a module's connections against its {@code max_sources} and
     * {@code max_sinks}; its IPC4 queue ids are 3 bits).
     *
     * @param output {@code true} for an output pin (a bind's source queue), {@code false} for an
     *               input pin (its destination queue)
     * @param pin    the pin index
     * @return whether this module type has that pin
     */
    public boolean hasPin(boolean output, int pin) {
        return pin >= 0 && pin < pinCount(output);
    }

    /**
     * @param output {@code true} for the output side
     * @return the pins a bind may name on that side: the declared count, or {@value #MAX_PINS}
     *     when undeclared
     */
    public int pinCount(boolean output) {
        final int declared = output ? outputPins : inputPins;
        return declared == 0 ? MAX_PINS : declared;
    }

    /**
     * @param output {@code true} for the output side
     * @return that side's pins as a person reads them, for error lines: {@code "1 output pin (0)"},
     *     {@code "8 input pins (0..7)"}
     */
    public String pinsText(boolean output) {
        final int n = pinCount(output);
        return n + (output ? " output pin" : " input pin") + (n == 1 ? " (0)"
                : "s (0.." + (n - 1) + ")");
    }

    private static void pins(String module, String field, int value) {
        if (value < 0 || value > MAX_PINS) {
            throw new IllegalArgumentException("module=" + module + " " + field + "=" + value
                    + " must be in [0, " + MAX_PINS + "] (0 = undeclared)");
        }
    }

    /**
     * A builder with SOF's defaults: load type LLEXT, kernel mode, affinity 1, one instance,
     * IBS/OBS/CPS/pages 0, default heap and stack.
     *
     * @param name the module's name
     * @param uuid its UUID
     * @return a new builder
     */
    public static Builder builder(String name, UUID uuid) {
        return new Builder(name, uuid);
    }

    private static void checkName(String name) {
        final byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        if (name.isEmpty() || bytes.length > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("name=\"" + name + "\" must be 1 to "
                    + MAX_NAME_LENGTH + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            final char c = name.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                throw new IllegalArgumentException("name=\"" + name
                        + "\" must be printable ASCII without spaces");
            }
        }
    }

    private static void nonNegative(String module, String field, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("module=" + module + " " + field + "=" + value
                    + " must not be negative");
        }
    }

    private static void request(String module, String field, long value) {
        if (value < 0 || value > MAX_REQUEST_BYTES) {
            throw new IllegalArgumentException("module=" + module + " " + field + "=" + value
                    + " must be in [0, " + MAX_REQUEST_BYTES + "] (0 = runtime default)");
        }
    }

    /**
     * Builds a {@link ModuleDescription}. Each setter validates at once; setting an option twice
     * is an error.
     */
    public static final class Builder {
        private final String name;
        private final UUID uuid;
        private LoadType loadType = LoadType.LLEXT;
        private boolean userMode;
        private int affinityMask = 1;
        private int instanceMaxCount = 1;
        private int ibs;
        private int obs;
        private int cps;
        private int isPages;
        private long heapBytes;
        private long stackBytes;
        private int inputPins;
        private int outputPins;
        private int setMask;

        private Builder(String name, UUID uuid) {
            this.name = Objects.requireNonNull(name, "name");
            this.uuid = Objects.requireNonNull(uuid, "uuid");
            checkName(name);
        }

        private void once(int bit, String field) {
            if ((setMask & bit) != 0) {
                throw new IllegalStateException("module=" + name + " " + field
                        + " was already set");
            }
            setMask |= bit;
        }

        /**
         * Sets how the module is loaded (the manifest's {@code type.load_type}); default
         * {@link LoadType#LLEXT}.
         *
         * @param value the load type, not null
         * @return this builder
         * @throws NullPointerException if {@code value} is null
         * @throws IllegalStateException if the load type was already set
         */
        public Builder loadType(LoadType value) {
            once(1, "loadType");
            loadType = Objects.requireNonNull(value, "loadType");
            return this;
        }

        /**
         * Sets whether the module runs in user mode: in its own memory domain, on its instance's
         * user thread, behind the proxy. Default {@code false}, a trusted kernel module, as in SOF.
         *
         * @param value {@code true} for a user-mode module
         * @return this builder
         * @throws IllegalStateException if the mode was already set
         */
        public Builder userMode(boolean value) {
            once(2, "userMode");
            userMode = value;
            return this;
        }

        /**
         * Sets the cores the module may run on, one bit per core (bit 0 is core 0); default 1.
         *
         * @param value the core mask, non-zero
         * @return this builder
         * @throws IllegalArgumentException naming the value if it is 0
         * @throws IllegalStateException if the mask was already set
         */
        public Builder affinityMask(int value) {
            once(4, "affinityMask");
            if (value == 0) {
                throw new IllegalArgumentException("module=" + name + " affinityMask=0 must name"
                        + " at least one core");
            }
            affinityMask = value;
            return this;
        }

        /**
         * Sets the most instances of the module that may exist at once; default 1.
         *
         * @param value the count, 1..65535
         * @return this builder
         * @throws IllegalArgumentException naming the value if it is out of range
         * @throws IllegalStateException if the count was already set
         */
        public Builder instanceMaxCount(int value) {
            once(8, "instanceMaxCount");
            if (value < 1 || value > 0xFFFF) {
                throw new IllegalArgumentException("module=" + name + " instanceMaxCount=" + value
                        + " must be in [1, 65535]");
            }
            instanceMaxCount = value;
            return this;
        }

        /**
         * Sets the default input buffer size (IBS): the bytes the module consumes per period on
         * each source; default 0.
         *
         * @param value bytes, {@code >= 0}
         * @return this builder
         * @throws IllegalArgumentException naming the value if it is negative
         * @throws IllegalStateException if the size was already set
         */
        public Builder ibs(int value) {
            once(16, "ibs");
            nonNegative(name, "ibs", value);
            ibs = value;
            return this;
        }

        /**
         * Sets the default output buffer size (OBS): the bytes the module produces per period on
         * each sink; default 0.
         *
         * @param value bytes, {@code >= 0}
         * @return this builder
         * @throws IllegalArgumentException naming the value if it is negative
         * @throws IllegalStateException if the size was already set
         */
        public Builder obs(int value) {
            once(32, "obs");
            nonNegative(name, "obs", value);
            obs = value;
            return this;
        }

        /**
         * Sets the module's processing budget in cycles per second (the manifest's {@code cps});
         * default 0, unbudgeted.
         *
         * @param value cycles per second, {@code >= 0}
         * @return this builder
         * @throws IllegalArgumentException naming the value if it is negative
         * @throws IllegalStateException if the budget was already set
         */
        public Builder cps(int value) {
            once(64, "cps");
            nonNegative(name, "cps", value);
            cps = value;
            return this;
        }

        /**
         * Sets the number of zeroed BSS pages each instance gets for itself (the manifest's
         * {@code is_pages}); default 0.
         *
         * @param value pages, {@code >= 0}
         * @return this builder
         * @throws IllegalArgumentException naming the value if it is negative
         * @throws IllegalStateException if the count was already set
         */
        public Builder isPages(int value) {
            once(128, "isPages");
            nonNegative(name, "isPages", value);
            isPages = value;
            return this;
        }

        /**
         * Sets the driver heap the module type asks for, in bytes (shared by its instances);
         * default 0, the runtime's default of 4096 bytes.
         *
         * @param value bytes, 0 to {@link ModuleDescription#MAX_REQUEST_BYTES}; 0 for the default
         * @return this builder
         * @throws IllegalArgumentException naming the value if it is out of range
         * @throws IllegalStateException if the size was already set
         */
        public Builder heapBytes(long value) {
            once(256, "heapBytes");
            request(name, "heapBytes", value);
            heapBytes = value;
            return this;
        }

        /**
         * Sets the stack each instance's user thread asks for, in bytes; default 0, the runtime's
         * default of 4096 bytes.
         *
         * @param value bytes, 0 to {@link ModuleDescription#MAX_REQUEST_BYTES}; 0 for the default
         * @return this builder
         * @throws IllegalArgumentException naming the value if it is out of range
         * @throws IllegalStateException if the size was already set
         */
        public Builder stackBytes(long value) {
            once(512, "stackBytes");
            request(name, "stackBytes", value);
            stackBytes = value;
            return this;
        }

        /**
         * Declares the input pins the module has (SOF's {@code max_sources}); default 0,
         * undeclared: a bind may then name any of {@value ModuleDescription#MAX_PINS}.
         *
         * @param value pins, 1..{@value ModuleDescription#MAX_PINS}; 0 for undeclared
         * @return this builder
         * @throws IllegalArgumentException naming the value if it is out of range
         * @throws IllegalStateException if the count was already set
         */
        public Builder inputPins(int value) {
            once(1024, "inputPins");
            pins(name, "inputPins", value);
            inputPins = value;
            return this;
        }

        /**
         * Declares the output pins the module has (SOF's {@code max_sinks}); default 0,
         * undeclared.
         *
         * @param value pins, 1..{@value ModuleDescription#MAX_PINS}; 0 for undeclared
         * @return this builder
         * @throws IllegalArgumentException naming the value if it is out of range
         * @throws IllegalStateException if the count was already set
         */
        public Builder outputPins(int value) {
            once(2048, "outputPins");
            pins(name, "outputPins", value);
            outputPins = value;
            return this;
        }

        /**
         * Builds the description from the options set so far; the builder may be used again.
         *
         * @return the description
         */
        public ModuleDescription build() {
            return new ModuleDescription(name, uuid, loadType, userMode, affinityMask,
                    instanceMaxCount, ibs, obs, cps, isPages, heapBytes, stackBytes, inputPins,
                    outputPins);
        }
    }
}
