package org.sofj.llext.internal.load;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.memory.MemoryRegions;
import org.sofj.api.spi.Heap;
import org.sofj.api.spi.HeapStats;
import org.sofj.api.spi.MemoryDomain;
import org.sofj.api.spi.Partition;
import org.sofj.api.spi.PartitionAttribute;

/**
 * One module type's sections while it is mapped in the library region
 * ({@code llext_manager_load_module}): three page-aligned blocks from the library heap, each
 * its own partition.
 *
 * <pre>
 *   block        content                                   size                      attribute
 *   -----------  ----------------------------------------  ------------------------  ---------
 *   .text        LibraryImage text (class bytes)           ALIGN_UP(text, PAGE)      P_RX_U_RX
 *   .rodata      LibraryImage rodata (other jar entries)   ALIGN_UP(rodata, PAGE)    P_RO_U_RO
 *   .data+.bss   no initialised data; is_pages zeroed pages is_pages * PAGE         P_RW_U_RW
 * </pre>
 *
 * <p>Blocks are zero-filled before the copy, so the tail of a page past the content reads 0. A
 * block of size 0 is neither allocated nor a partition. Partitions follow spec 3.4:
 * {@code start = addr & ~(PAGE-1)}, {@code size = ALIGN_UP(pre_pad + size, PAGE)}, with
 * {@code pre_pad = 0} since the blocks are page-aligned.
 */
final class ModuleSections {
    private static final int PAGE = MemoryRegions.PAGE_SIZE;

    private final List<Partition> partitions;
    private final long rodataAddress;

    private ModuleSections(List<Partition> partitions, long rodataAddress) {
        this.partitions = List.copyOf(partitions);
        this.rodataAddress = rodataAddress;
    }

    /**
     * Maps a module type: allocates its blocks, copies text and rodata, zeroes data+bss. On any
     * failure every block already allocated is freed before the exception leaves.
     *
     * @param tag     {@code library/module}, for partition names and messages
     * @param image   the library's image
     * @param isPages the module's {@code is_pages}
     * @param heap    the library region's heap
     * @param access  the checked accessor; the caller must be a kernel thread
     * @return the mapped sections
     * @throws IllegalStateException naming the module, the bytes needed and the region's free
     *     bytes (with nothing of this module allocated) if the region has no room
     */
    static ModuleSections map(String tag, LibraryImage image, int isPages, Heap heap,
            MemoryAccess access) {
        final long text = MemoryRegions.alignUp(image.textBytes(), PAGE);
        final long rodata = MemoryRegions.alignUp(image.rodataBytes(), PAGE);
        final long bss = (long) isPages * PAGE;
        final List<Long> blocks = new ArrayList<>(3);
        try {
            final long textAt = allocate(heap, text, blocks);
            final long rodataAt = allocate(heap, rodata, blocks);
            final long bssAt = allocate(heap, bss, blocks);
            if (blocks.size() != countNonZero(text, rodata, bss)) {
                freeAll(heap, blocks);
                throw noRoom(tag, text, rodata, bss, heap.stats());
            }
            image.writeText(access, textAt);
            image.writeRodata(access, rodataAt);
            final List<Partition> parts = new ArrayList<>(3);
            addPartition(parts, tag + ".text", textAt, image.textBytes(),
                    PartitionAttribute.P_RX_U_RX);
            addPartition(parts, tag + ".rodata", rodataAt, image.rodataBytes(),
                    PartitionAttribute.P_RO_U_RO);
            addPartition(parts, tag + ".data", bssAt, bss, PartitionAttribute.P_RW_U_RW);
            return new ModuleSections(parts, rodataAt);
        } catch (RuntimeException e) {
            freeAll(heap, blocks);
            throw e;
        }
    }

    private static long allocate(Heap heap, long size, List<Long> blocks) {
        if (size == 0) {
            return MemoryRegions.NULL;
        }
        final long at = heap.zalloc(size, PAGE);
        if (at != MemoryRegions.NULL) {
            blocks.add(at);
        }
        return at;
    }

    private static int countNonZero(long... sizes) {
        int n = 0;
        for (long s : sizes) {
            n += s > 0 ? 1 : 0;
        }
        return n;
    }

    private static void addPartition(List<Partition> parts, String name, long address,
            long size, PartitionAttribute attribute) {
        if (size > 0) {
            parts.add(Partition.pageAligned(name, address, size, attribute));
        }
    }

    private static IllegalStateException noRoom(String tag, long text, long rodata, long bss,
            HeapStats stats) {
        return new IllegalStateException("module=" + tag + ": the library region has no room"
                + " for its sections: needed=" + (text + rodata + bss) + " bytes (text=" + text
                + " rodata=" + rodata + " data+bss=" + bss + ") free=" + stats.freeBytes()
                + " largestFreeBlock=" + stats.largestFreeBlock() + " of size=" + stats.size());
    }

    /** Frees the blocks, last first, and forgets them, so a second call frees nothing. */
    private static void freeAll(Heap heap, List<Long> blocks) {
        for (int i = blocks.size() - 1; i >= 0; i--) {
            heap.free(blocks.get(i));
        }
        blocks.clear();
    }

    /** @return the partitions, text first; empty sections left out */
    List<Partition> partitions() {
        return partitions;
    }

    /**
     * @param image    the library's image
     * @param resource a jar entry name
     * @return the simulated address of the entry's first byte, or empty if it is not in rodata
     */
    OptionalLong resourceAddress(LibraryImage image, String resource) {
        final long offset = image.rodataOffset(resource);
        return offset < 0 ? OptionalLong.empty() : OptionalLong.of(rodataAddress + offset);
    }

    /**
     * {@code llext_manager_add_mod_domain}: adds every partition; on a failure removes the ones
     * added, in reverse order, so the domain is as it was.
     *
     * @param domain the domain
     * @return 0, or the domain's error
     */
    int addTo(MemoryDomain domain) {
        for (int i = 0; i < partitions.size(); i++) {
            final int rc = domain.addPartition(partitions.get(i));
            if (rc != 0) {
                for (int k = i - 1; k >= 0; k--) {
                    final Partition p = partitions.get(k);
                    domain.removePartition(p.start(), p.size());
                }
                return rc;
            }
        }
        return 0;
    }

    /**
     * Unmaps: frees every block. The partitions must no longer be used.
     *
     * @param heap the heap the blocks came from
     */
    void unmap(Heap heap) {
        for (int i = partitions.size() - 1; i >= 0; i--) {
            heap.free(partitions.get(i).start());
        }
    }
}
