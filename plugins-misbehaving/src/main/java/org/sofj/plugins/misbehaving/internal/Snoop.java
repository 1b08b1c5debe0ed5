package org.sofj.plugins.misbehaving.internal;

import org.sofj.api.ConfigFragment;
import org.sofj.api.Errno;
import org.sofj.api.ModuleContext;
import org.sofj.api.ProcessingModule;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.memory.MemoryRegions;
import org.sofj.api.memory.MemoryView;

/**
 * {@code snoop}: copies its source to its sink for a while, then goes looking for its neighbours'
 * data. In {@code init} it allocates 64 bytes from its own heap ({@code mod_alloc}); once
 * {@code trigger} periods have passed, each {@code process} first reads one int per page
 * <em>upwards</em> from that allocation, as a heap overrun would: the pages of its own driver heap
 * read fine, the first page past it belongs to whatever the kernel placed next in the user heap
 * (the driver heap of the next user module type, or free memory) and is outside this module's
 * domain, so the read raises a memory fault. The runtime catches it, marks the instance FAULTED
 * and plays silence in its place; nothing else is affected.
 *
 * <p>Blob (4 bytes, little-endian): {@code trigger}, the number of periods to behave, default
 * 100. Any sample format; IBS = OBS; one source, one sink.
 */
final class Snoop implements ProcessingModule {
    /** Pages scanned at most (a heap bigger than this is never overrun). */
    static final int MAX_PAGES = 64;

    private final AudioRegion in = new AudioRegion();
    private final AudioRegion out = new AudioRegion();
    private MemoryAccess access;
    private byte[] period;
    private long mine;
    private int trigger = 100;
    private long periods;

    /**
     * Allocates the 64 bytes the scan starts from.
     *
     * @param ctx the instance's context
     * @return 0, {@code -Errno.EINVAL} if IBS is 0 or differs from OBS, {@code -Errno.ENOMEM}
     */
    @Override
    public int init(ModuleContext ctx) {
        final int bytes = ctx.baseConfig().ibs();
        if (bytes <= 0 || bytes != ctx.baseConfig().obs()) {
            return -Errno.EINVAL;
        }
        access = ctx.access();
        period = new byte[bytes];
        mine = ctx.memory().alloc(64);
        return mine == MemoryRegions.NULL ? -Errno.ENOMEM : 0;
    }

    /**
     * Sets {@code trigger} from a 4-byte SINGLE blob.
     *
     * @return 0, or {@code -Errno.EINVAL} for another size, a fragmented blob or a negative value
     */
    @Override
    public int setConfiguration(int configId, ConfigFragment position, int dataOffsetSize,
            MemoryView fragment) {
        if (position != ConfigFragment.SINGLE || fragment.length() != 4) {
            return -Errno.EINVAL;
        }
        final int value = fragment.getInt(0);
        if (value < 0) {
            return -Errno.EINVAL;
        }
        trigger = value;
        return 0;
    }

    /**
     * Copies one period; after {@code trigger} periods it scans first (and faults).
     *
     * @return 0, {@code -Errno.ENODATA}, {@code -Errno.ENOSPC} or the sink's error
     */
    @Override
    public int process(Source[] sources, Sink[] sinks) {
        final int n = period.length;
        if (sources[0].getDataAvailable() < n) {
            return -Errno.ENODATA;
        }
        if (sinks[0].getFreeSize() < n) {
            return -Errno.ENOSPC;
        }
        if (periods++ >= trigger) {
            snoop();
        }
        sources[0].getData(n, in);
        read(in, period);
        sources[0].releaseData(n);
        sinks[0].getBuffer(n, out);
        write(out, period);
        return sinks[0].commitBuffer(n);
    }

    /** Reads one int per page upwards from the module's own allocation. */
    private void snoop() {
        for (int page = 0; page < MAX_PAGES; page++) {
            access.getInt(mine + (long) page * MemoryRegions.PAGE_SIZE); // checked: may fault
        }
    }

    private void read(AudioRegion r, byte[] dst) {
        final int first = (int) Math.min(dst.length, r.contiguousLength());
        access.getBytes(r.address(), dst, 0, first);
        if (first < dst.length) {
            access.getBytes(r.bufferStart(), dst, first, dst.length - first);
        }
    }

    private void write(AudioRegion r, byte[] src) {
        final int first = (int) Math.min(src.length, r.contiguousLength());
        access.putBytes(r.address(), src, 0, first);
        if (first < src.length) {
            access.putBytes(r.bufferStart(), src, first, src.length - first);
        }
    }
}
