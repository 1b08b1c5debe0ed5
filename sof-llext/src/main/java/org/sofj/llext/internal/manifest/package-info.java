/**
 * The source manifest ({@code META-INF/sofj/modules.toml}) and the binary manifest's layout
 * descriptors: offsets of {@code sof_man_fw_header}, {@code sof_man_module} and
 * {@code sof_man_mod_config}, drawn next to their constants.
 */
package org.sofj.llext.internal.manifest;
