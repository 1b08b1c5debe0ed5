/**
 * Packing: reading a plugin jar, checking it against its source manifest, computing the
 * per-module hashes and section sizes, and the signed library container.
 */
package org.sofj.llext.internal.pack;
