package org.sofj.llext.internal.load;

import java.util.Objects;

import org.sofj.api.ModuleDescription;
import org.sofj.llext.internal.manifest.FwHeaderDescriptor;
import org.sofj.llext.internal.manifest.ManifestCodec;
import org.sofj.llext.internal.manifest.ModuleEntryDescriptor;

/** Names what differs between two manifests, for messages. */
final class Differences {
    private Differences() {
    }

    /**
     * @param binary from manifest.bin
     * @param source from modules.toml
     * @return {@code null} if equal, else the first differing field with both values
     */
    static String of(ModuleDescription binary, ModuleDescription source) {
        final Object[][] fields = {
            {"name", binary.name(), source.name()},
            {"uuid", binary.uuid(), source.uuid()},
            {"load_type", binary.loadType(), source.loadType()},
            {"user_mode", binary.userMode(), source.userMode()},
            {"affinity", binary.affinityMask(), source.affinityMask()},
            {"instance_max_count", binary.instanceMaxCount(), source.instanceMaxCount()},
            {"ibs", binary.ibs(), source.ibs()},
            {"obs", binary.obs(), source.obs()},
            {"cps", binary.cps(), source.cps()},
            {"is_pages", binary.isPages(), source.isPages()},
            {"heap_bytes", binary.heapBytes(), source.heapBytes()},
            {"stack_bytes", binary.stackBytes(), source.stackBytes()},
            {"input_pins", binary.inputPins(), source.inputPins()},
            {"output_pins", binary.outputPins(), source.outputPins()},
        };
        for (Object[] f : fields) {
            if (!Objects.equals(f[1], f[2])) {
                return f[0] + ": manifest.bin=" + f[1] + " modules.toml=" + f[2];
            }
        }
        return null;
    }

    /**
     * @param offset  a byte offset in manifest.bin
     * @param entries number of entries
     * @return which struct holds it
     */
    static String field(int offset, int entries) {
        if (offset < FwHeaderDescriptor.LENGTH) {
            return "sof_man_fw_header";
        }
        final int configs = ManifestCodec.configOffset(entries, 0);
        if (offset < configs) {
            final int i = (offset - FwHeaderDescriptor.LENGTH) / ModuleEntryDescriptor.LENGTH;
            final int rel = offset - ManifestCodec.entryOffset(entries, i);
            return "sof_man_module[" + i + "] byte " + rel
                    + (rel >= ModuleEntryDescriptor.SEGMENT_OFFSET ? " (segment)" : "");
        }
        return "sof_man_mod_config";
    }
}
