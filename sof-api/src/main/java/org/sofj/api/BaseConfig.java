package org.sofj.api;

import java.util.Objects;

import org.sofj.api.audio.AudioFormat;

/**
 * An instance's base configuration, SOF's {@code ipc4_base_module_cfg} plus the manifest's CPS.
 *
 * @param cpc         cycles per chunk the module declares
 * @param ibs         input buffer size: bytes the module consumes per processing period
 * @param obs         output buffer size: bytes the module produces per processing period
 * @param cps         cycles per second budget (from the manifest); 0 means unbudgeted
 * @param isPages     instance BSS pages
 * @param audioFormat the input audio format
 */
public record BaseConfig(int cpc, int ibs, int obs, int cps, int isPages,
        AudioFormat audioFormat) {

    /**
     * Validates the fields.
     *
     * @param cpc cycles per chunk the module declares
     * @param ibs input buffer size: bytes the module consumes per processing period
     * @param obs output buffer size: bytes the module produces per processing period
     * @param cps cycles per second budget (from the manifest); 0 means unbudgeted
     * @param isPages instance BSS pages
     * @param audioFormat the input audio format
     * @throws IllegalArgumentException naming the field and value if negative
     * @throws NullPointerException if {@code audioFormat} is null
     */
    public BaseConfig {
        Objects.requireNonNull(audioFormat, "audioFormat");
        nonNegative("cpc", cpc);
        nonNegative("ibs", ibs);
        nonNegative("obs", obs);
        nonNegative("cps", cps);
        nonNegative("isPages", isPages);
    }

    private static void nonNegative(String field, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + "=" + value + " must not be negative");
        }
    }
}
