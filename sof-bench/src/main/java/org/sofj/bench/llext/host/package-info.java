/**
 * Code that runs inside the host layer built by {@code HostLayer}, where
 * {@code org.sofj.api} is a named module as a library layer needs.
 */
package org.sofj.bench.llext.host;
