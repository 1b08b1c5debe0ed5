/**
 * The embedding API: build a runtime, load libraries, create pipelines and instances, run them,
 * read events and reports.
 */
package org.sofj.runtime;
