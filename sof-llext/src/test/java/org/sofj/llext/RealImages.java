package org.sofj.llext;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The real SOF images under {@code src/test/resources/sof-bin} (see the README there). */
final class RealImages {
    private RealImages() {
    }

    static Path path(String name) {
        try {
            return Path.of(RealImages.class.getResource("/sof-bin/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }
}
