/**
 * Host endpoints: how an embedder feeds PCM into a pipeline and takes PCM out of it, as SOF's
 * host copiers do with the host's DMA buffers.
 */
package org.sofj.runtime.host;
