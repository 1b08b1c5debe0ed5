/** The library loader service: its provider, found with {@link java.util.ServiceLoader}. */
package org.sofj.llext.internal;
