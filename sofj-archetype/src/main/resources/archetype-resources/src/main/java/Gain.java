package ${package};

import org.sofj.api.Errno;
import org.sofj.api.ModuleContext;
import org.sofj.api.ProcessingModule;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;
import org.sofj.api.memory.MemoryAccess;

/** Halves the level of S16 audio: change process() to make it yours. */
public final class Gain implements ProcessingModule {
    private final AudioRegion in = new AudioRegion();   // flyweights: allocate once, not per tick
    private final AudioRegion out = new AudioRegion();
    private MemoryAccess mem;
    private int ibs;

    @Override
    public int init(ModuleContext context) {
        mem = context.access();
        ibs = context.baseConfig().ibs();
        return 0;
    }

    @Override
    public int process(Source[] sources, Sink[] sinks) {
        final Source source = sources[0];
        final Sink sink = sinks[0];
        int rc = source.getData(ibs, in);          // -ENODATA if less than ibs is available
        if (rc < 0) {
            return rc;
        }
        rc = sink.getBuffer(ibs, out);             // -ENODATA if less than ibs is free
        if (rc < 0) {
            source.releaseData(0);                 // keep the input for the next period
            return -Errno.ENOSPC;                  // the module's answer for a full sink
        }
        for (int i = 0; i < ibs; i += 2) {         // S16: halve the level
            mem.putShort(out.addressAt(i), (short) (mem.getShort(in.addressAt(i)) >> 1));
        }
        sink.commitBuffer(ibs);
        source.releaseData(ibs);
        return 0;
    }
}
