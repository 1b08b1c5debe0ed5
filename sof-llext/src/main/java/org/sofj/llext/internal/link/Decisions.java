package org.sofj.llext.internal.link;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link ExportTable}'s decisions, remembered: a table decides a class or member by matching
 * it against every deny and allow pattern, and a library names the same few hundred classes and
 * members again and again. A decision is a function of the table alone, so the two built-in
 * tables keep theirs for the life of the JVM ({@link #of}); any other table (tests build their
 * own) gets a cache for one check. Each cache stops growing at {@link #MAX_ENTRIES}: a jar that
 * names a million classes costs matching, not memory that outlives the check.
 */
final class Decisions {
    /** How many decisions of each kind one cache keeps at most. */
    static final int MAX_ENTRIES = 65_536;
    /** What {@link #denied} caches for "not denied" (a map holds no null). */
    private static final String NOT_DENIED = "";

    private static final Decisions USER = new Decisions(ExportTables.USER);
    private static final Decisions KERNEL = new Decisions(ExportTables.KERNEL);

    private final ExportTable table;
    private final Map<String, String> denied = new ConcurrentHashMap<>();
    private final Map<String, Boolean> allows = new ConcurrentHashMap<>();

    private Decisions(ExportTable table) {
        this.table = table;
    }

    /** @return the shared decisions of a built-in table, else a fresh cache for {@code table} */
    static Decisions of(ExportTable table) {
        return table == ExportTables.USER ? USER : table == ExportTables.KERNEL ? KERNEL
                : new Decisions(table);
    }

    /** @return why a reference no entry allows is refused */
    String fallback() {
        return table.fallback();
    }

    /** @return what {@link ExportTable#decide} says */
    String decide(String owner, String member) {
        final String why = denied(owner, member);
        return why != null ? why : allows(owner, member) ? null : table.fallback();
    }

    /** @return what {@link ExportTable#denied} says */
    String denied(String owner, String member) {
        final String key = key(owner, member);
        final String known = denied.get(key);
        if (known != null) {
            return known == NOT_DENIED ? null : known;
        }
        final String why = table.denied(owner, member);
        if (denied.size() < MAX_ENTRIES) {
            denied.put(key, why == null ? NOT_DENIED : why);
        }
        return why;
    }

    /** @return what {@link ExportTable#allows} says */
    boolean allows(String owner, String member) {
        final String key = key(owner, member);
        final Boolean known = allows.get(key);
        if (known != null) {
            return known;
        }
        final boolean ok = table.allows(owner, member);
        if (allows.size() < MAX_ENTRIES) {
            allows.put(key, ok);
        }
        return ok;
    }

    /** A ';' cannot occur in a class's internal name nor in a member's name (JVMS 4.2). */
    private static String key(String owner, String member) {
        return member == null ? owner : owner + ';' + member;
    }
}
