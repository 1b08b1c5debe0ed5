/**
 * Loading: the verification pipeline, one module layer per library, instance use counts and
 * unload.
 */
package org.sofj.llext.internal.load;
