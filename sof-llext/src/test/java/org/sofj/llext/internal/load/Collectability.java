package org.sofj.llext.internal.load;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/** Bounded GC retries and a diagnostic of what may still hold a class loader. */
final class Collectability {
    /** GC rounds before giving up. */
    static final int ROUNDS = 50;

    private Collectability() {
    }

    /**
     * @param ref a weak reference
     * @return whether it was cleared within {@link #ROUNDS} rounds of {@code System.gc()} and
     *     allocation pressure
     */
    static boolean awaitCollected(WeakReference<?> ref) {
        for (int i = 0; i < ROUNDS && ref.get() != null; i++) {
            System.gc();
            final List<byte[]> pressure = new ArrayList<>();
            for (int k = 0; k < 16; k++) {
                pressure.add(new byte[1 << 16]);
            }
            pressure.clear();
        }
        return ref.get() == null;
    }

    /**
     * @param ref    a weak reference to a library's class loader
     * @param loader the loader that loaded it
     * @return the places known to be able to hold it: registered libraries, and live threads whose
     *     context class loader it is
     */
    static String holders(WeakReference<ClassLoader> ref, LlextLibraryLoader loader) {
        final ClassLoader cl = ref.get();
        final List<String> found = new ArrayList<>();
        found.add("registered libIds=" + loader.libIds());
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (cl != null && t.getContextClassLoader() == cl) {
                found.add("thread " + t.getName() + " has it as context class loader");
            }
        }
        return "still held by: " + found
                + " (if none of these, take a heap dump: jcmd <pid> GC.heap_dump)";
    }
}
