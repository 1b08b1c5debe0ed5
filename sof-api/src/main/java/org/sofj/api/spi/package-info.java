/**
 * What implementations provide, found with {@link java.util.ServiceLoader}: module providers from
 * plugin libraries, and the platform's memory system, audio engine and library loader.
 */
package org.sofj.api.spi;
