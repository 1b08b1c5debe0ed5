/**
 * The sample plugin library: six audio modules (gain, eq_iir, mixer, tone, passthru, fir) written
 * against {@code org.sofj.api} alone. It exports nothing; the runtime reaches the modules through
 * the one {@link org.sofj.api.spi.ModuleProvider} it provides. See {@code docs/sample-modules.md}.
 */
module org.sofj.plugins.sample {
    requires org.sofj.api;

    provides org.sofj.api.spi.ModuleProvider
            with org.sofj.plugins.sample.internal.SampleModuleProvider;
}
