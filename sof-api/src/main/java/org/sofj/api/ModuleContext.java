package org.sofj.api;

import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.memory.ModuleMemory;

/**
 * What the runtime tells a module instance about itself, handed to
 * {@link ProcessingModule#init(ModuleContext)}. A module keeps it for its lifetime.
 *
 * <p>Any of the instance's threads may call. The getters do not allocate.
 */
public interface ModuleContext {

    /** {@return {@code module_id = lib_id << 12 | index}} */
    int moduleId();

    /** {@return the instance id the host chose} */
    int instanceId();

    /** {@return {@code comp_id = instance_id << 16 | module_id}} */
    int componentId();

    /** {@return the core the instance runs on} */
    int coreId();

    /** {@return what the manifest says about this module type} */
    ModuleDescription description();

    /** {@return the instance's base configuration from the init request} */
    BaseConfig baseConfig();

    /** {@return the instance's tracked memory ({@code mod_alloc} family, fast_get)} */
    ModuleMemory memory();

    /**
     * Checked access to simulated memory. For a user-mode module every access is checked against
     * the calling thread's domain; a kernel-mode module's threads may touch everything.
     *
     * @return the accessor
     */
    MemoryAccess access();

    /**
     * The simulated address of the init parameter block (after the base config) in the hostbox;
     * readable only during {@code init}, as SOF maps the hostbox only during the call.
     *
     * @return the address, or 0 if the request carried none
     */
    long initDataAddress();

    /** {@return the size of the init parameter block in bytes, or 0} */
    int initDataSize();

    /**
     * The simulated address of a read-only resource of the module's own library (a non-class
     * entry of its jar, placed in the module's rodata section): how a module finds its constant
     * tables, e.g. to {@link org.sofj.api.memory.ModuleMemory#fastGet fast_get} them. Readable
     * from the module's domain while the instance lives.
     *
     * @param resource the jar entry name, e.g. {@code "META-INF/sofj/fir/lowpass-1024.taps"}
     * @return the address, or 0 if the module has no library or no such resource (the default)
     */
    default long resourceAddress(String resource) {
        return 0;
    }

    /**
     * The instance's private BSS slice: {@code is_pages} zeroed pages that only this instance's
     * domain can touch (siblings of the same type cannot, spec 3.4).
     *
     * @return its simulated address, or 0 if the manifest asks for no pages (the default)
     */
    default long bssAddress() {
        return 0;
    }
}
