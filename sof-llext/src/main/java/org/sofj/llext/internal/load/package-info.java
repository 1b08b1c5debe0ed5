/**
 * Loading: the verification pipeline, one module layer per library, instance use counts, the
 * mapping of module sections into the library region, and unload.
 */
package org.sofj.llext.internal.load;
