package org.sofj.runtime.internal;

import java.lang.reflect.Field;

/**
 * What tests read of the shared user worker, from the test side: production keeps no accessor
 * for tests, so this reads the worker's own private fields by reflection (the test runs in the
 * worker's module, so no {@code opens} is needed). Read on the test thread between IPC calls, as
 * the tests did with the accessors this replaces.
 */
final class WorkerPeek {
    private WorkerPeek() {
    }

    /** @return how many live user instances hold the worker */
    static int refcount(UserWorker worker) {
        return (int) read(worker, "refcount");
    }

    /** @return the mailbox of the worker serving requests now, or {@code null} */
    static UserWorker.Mailbox mailbox(UserWorker worker) {
        return (UserWorker.Mailbox) read(worker, "current");
    }

    /** @return the worker thread serving requests now, or {@code null} */
    static Thread thread(UserWorker worker) {
        final UserWorker.Mailbox box = mailbox(worker);
        return box == null ? null : box.thread;
    }

    /**
     * @return requests posted to the worker serving now (its mailbox's sequence number), 0 when
     *     there is none
     */
    static long requests(UserWorker worker) {
        final UserWorker.Mailbox box = mailbox(worker);
        return box == null ? 0 : box.requestSeq;
    }

    private static Object read(UserWorker worker, String name) {
        try {
            final Field f = UserWorker.class.getDeclaredField(name);
            f.setAccessible(true);
            return f.get(worker);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("UserWorker." + name + " cannot be read: " + e, e);
        }
    }
}
