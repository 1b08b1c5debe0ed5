/**
 * Benchmarks of sof-llext and of the fast_get hit path that libraries' read-only data goes
 * through. See {@code HostLayer} for how a library is loaded although the
 * benchmarks run on the class path.
 */
package org.sofj.bench.llext;
