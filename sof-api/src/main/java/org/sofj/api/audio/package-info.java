/**
 * Audio formats and SOF's sink/source API as a module sees it (part of the author API):
 * zero-copy access to circular buffers in simulated memory, with SOF's return codes and alignment
 * rules. {@link org.sofj.api.audio.Sink} and {@link org.sofj.api.audio.Source} are final views
 * made by the platform; their state and the kernel's setters live on
 * {@link org.sofj.api.spi.SinkEndpoint} and {@link org.sofj.api.spi.SourceEndpoint}.
 */
package org.sofj.api.audio;
