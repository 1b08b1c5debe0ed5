/**
 * Audio formats and SOF's sink/source API: zero-copy access to circular buffers in simulated
 * memory, with SOF's return codes and alignment rules.
 */
package org.sofj.api.audio;
