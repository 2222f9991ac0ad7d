package io.kafkaprediction.scoring.registry;

import io.kafkaprediction.scoring.errors.ResourceNotFoundException;
import io.kafkaprediction.scoring.model.LoadedModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the serving versions of the model and the routing between them, and follows
 * {@code MODEL_PATH}: a single file (swapped when it changes) or a model repository (versions
 * loaded as their folders appear, unloaded as they disappear, {@code routing.json} hot-reloaded).
 *
 * <p>Loading and checking happen on a private thread, never on the request path; {@link Scan}
 * does the work and publishes one immutable {@link Served} snapshot, which requests read with one
 * volatile load. A file that fails to load leaves what serves unchanged; the failure is logged,
 * counted and kept in {@link #state()}. Eager ({@code @Context}) so a bad model file fails the
 * start-up, not the first request.
 */
@Context
public final class ModelRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

    private final ModelSettings settings;
    private final Path path;
    private final ModelSource source;
    private final AtomicReference<Served> served = new AtomicReference<>(Served.EMPTY);
    private final Scan scan;
    private final ScheduledExecutorService scheduler;

    public ModelRegistry(ModelSettings settings, MeterRegistry meters) {
        this.settings = settings;
        this.path = Path.of(settings.path());
        this.source = ModelSource.of(path, settings.name(), settings.version());
        this.scan = new Scan(source, settings.name(), served, meters);
        io.micrometer.core.instrument.Gauge.builder("scoring.model.loaded", served, ref -> ref.get().primary() == null ? 0 : 1)
                .description("1 while a model is serving").register(meters);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "model-reload");
            t.setDaemon(true);
            return t;
        });
        loadAtStartup();
        long intervalMs = settings.reloadInterval().toMillis();
        if (intervalMs > 0) {
            scheduler.scheduleWithFixedDelay(this::pollSafely, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
        }
    }

    /** The primary version's model; throws while none is loaded (answered with 503). */
    public LoadedModel current() {
        ModelVersion primary = served.get().primary();
        if (primary == null) {
            throw notLoaded();
        }
        return primary.model();
    }

    public Optional<LoadedModel> currentIfLoaded() {
        return Optional.ofNullable(served.get().primary()).map(ModelVersion::model);
    }

    /**
     * The versions that score {@code userId}: the canary when the user's bucket is in it, else the
     * primary, plus the shadow. Holds a reference on each until the route is closed.
     */
    public Route route(String userId) {
        while (true) {
            Served s = served.get();
            if (s.primary() == null) {
                throw notLoaded();
            }
            boolean canary = s.canary() != null && CanaryBuckets.bucket(userId) < s.canaryThreshold();
            ModelVersion scorer = canary ? s.canary() : s.primary();
            if (!scorer.tryAcquire()) {
                continue; // closed after a newer snapshot was published: read that one
            }
            ModelVersion shadow = s.shadow();
            if (shadow != null && !shadow.tryAcquire()) {
                shadow = null; // being unloaded: this request goes without a shadow
            }
            return new Route(scorer, canary ? ModelVersion.ROUTE_CANARY : ModelVersion.ROUTE_PRIMARY, shadow);
        }
    }

    /**
     * One version, held by a reference the caller must {@link ModelVersion#release() release}.
     *
     * @param version a loaded version, or null for the primary
     * @throws ResourceNotFoundException naming the loaded versions when {@code version} is not one
     */
    public ModelVersion lease(@Nullable String version) {
        while (true) {
            Served s = served.get();
            ModelVersion v = version == null ? s.primary() : s.find(version);
            if (v == null) {
                if (version == null) {
                    throw notLoaded();
                }
                throw new ResourceNotFoundException("model '" + settings.name() + "' has no version '" + version
                        + "'; loaded versions: " + s.versionNames());
            }
            if (v.tryAcquire()) {
                return v;
            }
        }
    }

    /** Loaded versions, oldest first. */
    public List<String> versions() {
        return served.get().versionNames();
    }

    /** The routing of a model repository; empty for a single model file. */
    public Optional<RoutingState> routing() {
        return Optional.ofNullable(scan.routingState());
    }

    public ModelState state() {
        return scan.state();
    }

    public ModelSettings settings() {
        return settings;
    }

    /**
     * Looks at the files once: loads new or changed versions, unloads removed ones, re-reads the
     * routing file, and swaps in the result.
     *
     * @return true if what serves changed (a version loaded or unloaded, or the routing changed)
     */
    public synchronized boolean checkForChanges() {
        return scan.run(Instant.now());
    }

    @PreDestroy
    @Override
    public void close() {
        scheduler.shutdownNow();
        Served last = served.getAndSet(Served.EMPTY);
        last.bySlot().values().forEach(ModelVersion::release);
    }

    private void loadAtStartup() {
        if (source instanceof ModelSource.SingleFile && !Files.exists(path)) {
            scan.recordMissing("model file " + path.toAbsolutePath() + " does not exist; create it with "
                    + "'java -jar scoring-service.jar create-model --output " + path + "' or set MODEL_PATH");
            return;
        }
        if (source instanceof ModelSource.Repository repository && !Files.isDirectory(repository.modelFolder())) {
            scan.recordMissing("model repository " + path.toAbsolutePath() + " has no folder '" + settings.name()
                    + "'; create " + repository.modelFolder().resolve("1").resolve("model.json")
                    + " or set MODEL_NAME to one of its folders");
            return;
        }
        checkForChanges();
        String problem = scan.startupProblem();
        if (problem != null) {
            close();
            throw new IllegalStateException("Cannot start: " + problem);
        }
    }

    private void pollSafely() {
        try {
            checkForChanges();
        } catch (Throwable e) {
            // Anything thrown out of a scheduleWithFixedDelay task cancels every later run, so this
            // catches Errors too: one bad check must not end hot reload for the life of the process.
            LOG.error("Model reload check failed", e);
        }
    }

    private ModelNotLoadedException notLoaded() {
        String error = scan.state().lastError();
        return new ModelNotLoadedException("no model is loaded: "
                + (error != null ? error : "model file " + path + " not loaded yet"));
    }
}
