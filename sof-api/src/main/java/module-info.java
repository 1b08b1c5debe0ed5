/**
 * The stable API of sofj.
 *
 * <p>Two faces, kept apart: {@code org.sofj.api} and its subpackages are what module authors and
 * embedders use; {@code org.sofj.api.spi} is what implementations provide and what
 * {@link java.util.ServiceLoader} finds. This module requires {@code java.base} only.
 */
module org.sofj.api {
    exports org.sofj.api;
    exports org.sofj.api.audio;
    exports org.sofj.api.memory;
    exports org.sofj.api.spi;
}
