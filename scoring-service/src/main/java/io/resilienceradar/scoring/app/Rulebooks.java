package io.resilienceradar.scoring.app;

import io.resilienceradar.scoring.domain.EngineSettings;
import io.resilienceradar.scoring.domain.Rulebook;
import io.resilienceradar.scoring.domain.ScoringEngine;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Set;

/**
 * Rulebook versions available: {@code rulebook-<version>.yaml} in {@code radar.rulebook.dir} (if set), else on the
 * classpath under {@code rulebook/}; the default {@code rulebook/rulebook.yaml} is bundled. The one in force is
 * {@code radar.rulebook.version}, or the engine's bundled default when that is empty.
 */
@ApplicationScoped
public class Rulebooks {
    private final Optional<String> configured;
    private final EngineSettings settings;
    private final Optional<java.nio.file.Path> directory;

    public Rulebooks(@ConfigProperty(name = "radar.rulebook.version") Optional<String> configured,
                     @ConfigProperty(name = "radar.scoring.register-dataset", defaultValue = EngineSettings.DEFAULT_REGISTER)
                     String registerDataset,
                     @ConfigProperty(name = "radar.scoring.size-classes", defaultValue = "Small,Medium,Large")
                     Set<String> sizeClasses,
                     @ConfigProperty(name = "radar.scoring.min-coverage", defaultValue = "0.8") double minCoverage,
                     @ConfigProperty(name = "radar.rulebook.dir") Optional<String> directory) {
        this.configured = configured.filter(v -> !v.isBlank());
        this.directory = directory.filter(v -> !v.isBlank()).map(java.nio.file.Path::of);
        this.settings = new EngineSettings(registerDataset, sizeClasses, minCoverage);
    }

    /** A fresh engine on the bundled rulebook and the configured universe. */
    public ScoringEngine newEngine() {
        return ScoringEngine.create(Rulebook.bundled(), settings);
    }

    /** The version that should be in force. */
    public String wanted() {
        return configured.orElseGet(() -> Rulebook.bundled().version());
    }

    public Rulebook load(String version) {
        Rulebook bundled = Rulebook.bundled();
        if (bundled.version().equals(version)) {
            return bundled;
        }
        String file = "rulebook-" + version + ".yaml";
        if (directory.isPresent() && java.nio.file.Files.isRegularFile(directory.get().resolve(file))) {
            // a rulebook deployed beside the service (e.g. a mounted ConfigMap): no rebuild needed
            try (InputStream in = java.nio.file.Files.newInputStream(directory.get().resolve(file))) {
                return checked(Rulebook.load(in), version);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String resource = "rulebook/" + file;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("rulebook version " + version + " not bundled (no " + resource + ")");
            }
            return checked(Rulebook.load(in), version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Rulebook checked(Rulebook rulebook, String version) {
        if (!rulebook.version().equals(version)) {
            throw new IllegalStateException("rulebook-" + version + ".yaml declares version " + rulebook.version());
        }
        return rulebook;
    }
}
