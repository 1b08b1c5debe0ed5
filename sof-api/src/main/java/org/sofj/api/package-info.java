/**
 * What module authors and embedders use: the module interface ({@link org.sofj.api.ProcessingModule}),
 * its context, the manifest's description of a module type, identifiers, SOF's errno values and
 * IPC4 status codes, and sofj's exceptions.
 */
package org.sofj.api;
