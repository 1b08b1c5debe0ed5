package org.sofj.cli.internal;

import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Set;

import org.sofj.api.SofException;
import org.sofj.runtime.SofRuntime;

/**
 * The verdict of a real load: the library is loaded into a throwaway virtual runtime that trusts
 * the given keys, so the loader checks everything it checks at run time (signature, hashes,
 * agreement, link check). {@code inspect --trust} prints it; {@code pack} refuses a library that
 * would not load.
 *
 * @param loads whether the library loaded
 * @param line  one line saying what passed or what was refused and why
 */
record LoadCheck(boolean loads, String line) {
    /**
     * @param library the library file
     * @param keys    the keys a runtime would trust
     * @return the verdict
     */
    static LoadCheck of(Path library, Set<PublicKey> keys) {
        try (SofRuntime rt = SofRuntime.builder().trustedKeys(keys).build()) {
            rt.loadLibrary(1, library);
            return new LoadCheck(true,
                    "signature: verified; hashes: match; link check: passed (the library loads)");
        } catch (SofException e) {
            final String m = e.getMessage();
            final String what = m.contains("untrusted key") || m.contains("bad signature")
                    ? "signature: REFUSED" : m.contains(": link check failed ")
                    ? "signature: verified; link check: REFUSED" : "load: REFUSED";
            return new LoadCheck(false, what + ": " + m);
        }
    }
}
