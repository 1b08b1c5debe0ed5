/**
 * Packing, signing and inspecting libraries: the Java API behind {@code sofj pack} and
 * {@code sofj inspect}.
 *
 * <p>{@link org.sofj.llext.LibraryPacker} turns a modular plugin jar with a
 * {@code META-INF/sofj/modules.toml} into a signed library file;
 * {@link org.sofj.llext.LibraryKeys} makes, stores and reads the Ed25519 keys;
 * {@link org.sofj.llext.BinaryManifest} is the binary manifest in SOF's {@code sof_man_fw_desc}
 * layout; {@link org.sofj.llext.LibraryContents} is what a library file holds;
 * {@link org.sofj.llext.LinkCheck} runs the loader's link check on a plugin jar. The format is
 * described in {@code docs/library-format.md}.
 */
package org.sofj.llext;
