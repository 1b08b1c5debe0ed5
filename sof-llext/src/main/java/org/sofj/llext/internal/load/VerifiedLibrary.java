package org.sofj.llext.internal.load;

import java.util.Map;
import java.util.SortedMap;

import org.sofj.llext.BinaryManifest;
import org.sofj.llext.internal.manifest.SourceManifest;
import org.sofj.llext.internal.pack.PluginJar;

/**
 * A library that passed every check before linking: signature, hashes, manifests, API version
 * and the link check.
 *
 * @param source   its source manifest
 * @param manifest its binary manifest
 * @param jar      its plugin jar, as signed
 * @param defined  the entries its layer defines: the jar's, with preemption checks in every class
 *                 of a library with user-mode modules ({@link PreemptionPoints}); made once with
 *                 the verification, so a cached re-load does not rewrite them again
 * @param proofs   the allocation proof's verdicts on the defined classes of a library with
 *                 user-mode modules, by binary class name ({@link AllocationProof#proveAll}):
 *                 made with the rewrite from its trees, kept like {@code defined}; empty for a
 *                 kernel-mode library
 */
record VerifiedLibrary(SourceManifest source, BinaryManifest manifest, PluginJar jar,
        SortedMap<String, byte[]> defined, Map<String, AllocationProof.Verdict> proofs) {
}
