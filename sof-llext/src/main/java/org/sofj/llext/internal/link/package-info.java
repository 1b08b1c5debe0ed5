/**
 * The link check: the llext analog of resolving symbols only against what the kernel exports.
 * Bytecode is scanned with ASM against an explicit export table per module mode.
 */
package org.sofj.llext.internal.link;
