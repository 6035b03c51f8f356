package io.resilienceradar.scoring.app;

import io.resilienceradar.scoring.domain.Rulebook;
import io.resilienceradar.scoring.domain.ScoringEngine;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Rulebook versions available to this build: classpath {@code rulebook/rulebook-<version>.yaml}. The one in force is
 * {@code radar.rulebook.version}, or the engine's bundled default when that is empty.
 */
@ApplicationScoped
public class Rulebooks {
    private final Optional<String> configured;

    public Rulebooks(@ConfigProperty(name = "radar.rulebook.version") Optional<String> configured) {
        this.configured = configured.filter(v -> !v.isBlank());
    }

    /** A fresh engine on the bundled rulebook. */
    public ScoringEngine newEngine() {
        return ScoringEngine.withBundledRulebook();
    }

    /** The version that should be in force. */
    public String wanted() {
        return configured.orElseGet(() -> newEngine().rulebook().version());
    }

    public Rulebook load(String version) {
        ScoringEngine bundled = newEngine();
        if (bundled.rulebook().version().equals(version)) {
            return bundled.rulebook();
        }
        String resource = "rulebook/rulebook-" + version + ".yaml";
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("rulebook version " + version + " not bundled (no " + resource + ")");
            }
            return Rulebook.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
