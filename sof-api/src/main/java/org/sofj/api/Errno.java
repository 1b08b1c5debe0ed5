package org.sofj.api;

/**
 * SOF's errno values, as Zephyr (newlib numbering) defines them.
 *
 * <p>Hot-path operations return {@code >= 0} for success (often a count) and a <em>negative</em>
 * errno for an expected failure, exactly as SOF does: {@code return -Errno.ENODATA;}. The constants
 * here are the positive numbers; {@link #name(int)} turns a return code into its name for messages.
 *
 * <p>The values follow Zephyr's C library numbering, which SOF uses on target. They agree with
 * Linux for the classic codes (1..34, {@code ENODATA}, {@code EPROTO}) and differ above them
 * ({@code ETIMEDOUT}, {@code ENOTSUP}, {@code EOVERFLOW}, {@code ENOSYS}).
 */
public final class Errno {
    /** Operation not permitted. */
    public static final int EPERM = 1;
    /** No such entry: an unknown pointer, partition or module index. */
    public static final int ENOENT = 2;
    /** I/O error; SOF also uses it for a missing {@code get_configuration}. */
    public static final int EIO = 5;
    /** Exec format error: a module name that does not match its section. */
    public static final int ENOEXEC = 8;
    /** Try again. */
    public static final int EAGAIN = 11;
    /** Out of memory. */
    public static final int ENOMEM = 12;
    /** Permission denied: an untrusted library signature. */
    public static final int EACCES = 13;
    /** Bad address. */
    public static final int EFAULT = 14;
    /** Busy: a fragment already held, a bound sink, a library loaded twice. */
    public static final int EBUSY = 16;
    /** Already exists. */
    public static final int EEXIST = 17;
    /** No such device. */
    public static final int ENODEV = 19;
    /** Invalid argument. */
    public static final int EINVAL = 22;
    /** No space left: a full memory domain, a full pool. */
    public static final int ENOSPC = 28;
    /** Result out of range. */
    public static final int ERANGE = 34;
    /** No data: an over-request on a sink or source, a commit without a get. */
    public static final int ENODATA = 61;
    /** Protocol error. */
    public static final int EPROTO = 71;
    /** Function not implemented. */
    public static final int ENOSYS = 88;
    /** Timed out: a proxied call that did not complete in time. */
    public static final int ETIMEDOUT = 116;
    /** Not supported. */
    public static final int ENOTSUP = 134;
    /** Value too large. */
    public static final int EOVERFLOW = 139;

    private Errno() {
    }

    /**
     * The symbolic name of a return code, for messages: {@code name(-22)} is {@code "-EINVAL"},
     * {@code name(22)} is {@code "EINVAL"}, {@code name(0)} is {@code "0"}; an unknown code is its
     * number.
     *
     * @param code a return code, negative or positive
     * @return the name, never {@code null}
     */
    public static String name(int code) {
        final String base = baseName(Math.abs(code));
        if (base == null) {
            return Integer.toString(code);
        }
        return code < 0 ? "-" + base : base;
    }

    private static String baseName(int errno) {
        switch (errno) {
            case EPERM: return "EPERM";
            case ENOENT: return "ENOENT";
            case EIO: return "EIO";
            case ENOEXEC: return "ENOEXEC";
            case EAGAIN: return "EAGAIN";
            case ENOMEM: return "ENOMEM";
            case EACCES: return "EACCES";
            case EFAULT: return "EFAULT";
            case EBUSY: return "EBUSY";
            case EEXIST: return "EEXIST";
            case ENODEV: return "ENODEV";
            case EINVAL: return "EINVAL";
            case ENOSPC: return "ENOSPC";
            case ERANGE: return "ERANGE";
            case ENODATA: return "ENODATA";
            case EPROTO: return "EPROTO";
            case ENOSYS: return "ENOSYS";
            case ETIMEDOUT: return "ETIMEDOUT";
            case ENOTSUP: return "ENOTSUP";
            case EOVERFLOW: return "EOVERFLOW";
            default: return null;
        }
    }
}
