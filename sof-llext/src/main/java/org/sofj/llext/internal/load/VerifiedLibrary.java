package org.sofj.llext.internal.load;

import org.sofj.llext.BinaryManifest;
import org.sofj.llext.internal.manifest.SourceManifest;
import org.sofj.llext.internal.pack.PluginJar;

/**
 * A library that passed every check before linking: signature, hashes, manifests, API version
 * and the link check.
 *
 * @param source   its source manifest
 * @param manifest its binary manifest
 * @param jar      its plugin jar
 */
record VerifiedLibrary(SourceManifest source, BinaryManifest manifest, PluginJar jar) {
}
