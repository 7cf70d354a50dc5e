package com.pharmacyops.platform.dev;

import java.util.List;

import org.eclipse.microprofile.config.spi.ConfigSource;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;

import io.smallrye.config.ConfigSourceContext;

/**
 * A native image is a production artifact: it never starts an embedded database or generates keys. Without
 * this substitution the image would link {@link EmbeddedPostgres}, whose archive libraries are on the dev
 * and test class paths only (provided scope), and Quarkus links native images at build time.
 */
@TargetClass(DevConfigSourceFactory.class)
final class Target_DevConfigSourceFactory {

    @Substitute
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        return List.of();
    }
}
