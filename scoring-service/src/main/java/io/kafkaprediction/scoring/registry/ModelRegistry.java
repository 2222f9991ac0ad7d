package io.kafkaprediction.scoring.registry;

import io.kafkaprediction.scoring.model.LoadedModel;
import io.kafkaprediction.scoring.model.ModelLoadException;
import io.kafkaprediction.scoring.model.ModelLoader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the serving model and swaps in a new one when the file at {@code MODEL_PATH} changes.
 *
 * <p>Loading and checking happen on a private thread, never on the request path. A file that
 * fails to load leaves the current model serving; the failure is logged, counted and kept in
 * {@link #state()}. Eager ({@code @Context}) so a bad model file fails the start-up, not the
 * first request.
 */
@Context
public final class ModelRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

    private final ModelSettings settings;
    private final Path path;
    private final ModelLoader loader = new ModelLoader();
    private final AtomicReference<LoadedModel> current = new AtomicReference<>();
    private final ScheduledExecutorService scheduler;
    private final Counter reloadSuccesses;
    private final Counter reloadFailures;

    private volatile ModelState state = ModelState.initial();
    // Only touched under the monitor of this: the file version loaded or rejected last.
    private FileStamp lastSeen;

    public ModelRegistry(ModelSettings settings, MeterRegistry meters) {
        this.settings = settings;
        this.path = Path.of(settings.path());
        this.reloadSuccesses = Counter.builder("scoring.model.reloads").tag("outcome", "success")
                .description("Model files loaded and swapped in").register(meters);
        this.reloadFailures = Counter.builder("scoring.model.reloads").tag("outcome", "failure")
                .description("Model files rejected; the previous model kept serving").register(meters);
        Gauge.builder("scoring.model.loaded", current, ref -> ref.get() == null ? 0 : 1)
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

    /** The serving model; throws while none is loaded (answered with 503). */
    public LoadedModel current() {
        LoadedModel model = current.get();
        if (model == null) {
            throw new ModelNotLoadedException("no model is loaded: " + describeMissing());
        }
        return model;
    }

    public Optional<LoadedModel> currentIfLoaded() {
        return Optional.ofNullable(current.get());
    }

    public ModelState state() {
        return state;
    }

    public ModelSettings settings() {
        return settings;
    }

    /**
     * Loads the file if it changed since it was last seen and swaps it in when it loads.
     *
     * @return true if a new model now serves
     */
    public synchronized boolean checkForChanges() {
        Instant now = Instant.now();
        FileStamp stamp;
        try {
            stamp = FileStamp.of(path);
        } catch (NoSuchFileException e) {
            // A missing file keeps the current model (deployments replace files by rename), but it is
            // reported once: the next restart would come up without a model.
            if (lastSeen != null) {
                lastSeen = null;
                recordProblem("model file " + path + " no longer exists; a restart would start without a model", now);
            } else {
                state = withCheck(state, now);
            }
            return false;
        } catch (IOException e) {
            recordFailure("cannot read " + path + ": " + e.getMessage(), now);
            return false;
        }
        if (stamp.equals(lastSeen)) {
            state = withCheck(state, now);
            return false;
        }
        lastSeen = stamp;
        try {
            LoadedModel fresh = loader.load(path, Optional.ofNullable(settings.version()));
            LoadedModel old = current.getAndSet(fresh);
            ModelState s = state;
            boolean reload = old != null;
            state = new ModelState(now, now, null, null, s.reloads() + (reload ? 1 : 0), s.reloadFailures());
            if (reload) {
                reloadSuccesses.increment();
                closeLater(old);
                LOG.info("Reloaded model {} version {} ({} features, engine {}); previous version {}",
                        path, fresh.version(), fresh.featureCount(), fresh.engine(), old.version());
            } else {
                LOG.info("Loaded model {} version {} (features {}, objective {}, engine {})",
                        path, fresh.version(), fresh.featureNames(), fresh.objective(), fresh.engine());
            }
            return true;
        } catch (ModelLoadException e) {
            recordFailure(e.getMessage(), now);
            return false;
        } catch (RuntimeException | LinkageError e) {
            // LinkageError: e.g. the native library or a class file gone from under a running service.
            recordFailure("cannot load " + path + ": " + e, now);
            return false;
        }
    }

    @PreDestroy
    @Override
    public void close() {
        // Pending delayed closes run now: nothing serves after shutdown.
        scheduler.shutdownNow().forEach(Runnable::run);
        LoadedModel model = current.getAndSet(null);
        if (model != null) {
            model.close();
        }
    }

    private void loadAtStartup() {
        if (!Files.exists(path)) {
            recordFailure("model file " + path.toAbsolutePath() + " does not exist; create it with "
                    + "'java -jar scoring-service.jar create-model --output " + path + "' or set MODEL_PATH", Instant.now());
            return;
        }
        if (!checkForChanges()) {
            close();
            throw new IllegalStateException("Cannot start: " + state.lastError());
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

    private void closeLater(LoadedModel old) {
        try {
            scheduler.schedule(old::close, settings.closeDelay().toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            old.close();
        }
    }

    private void recordFailure(String message, Instant now) {
        ModelState s = state;
        boolean counted = current.get() != null || s.loadedAt() != null || Files.exists(path);
        state = new ModelState(s.loadedAt(), now, message, now, s.reloads(), s.reloadFailures() + (counted ? 1 : 0));
        if (counted) {
            reloadFailures.increment();
        }
        if (current.get() != null) {
            LOG.error("Rejected model reload, version {} keeps serving: {}", current.get().version(), message);
        } else {
            LOG.error("No model loaded: {}", message);
        }
    }

    /** A problem that is not a rejected file (no failure counted): kept in the state and logged. */
    private void recordProblem(String message, Instant now) {
        ModelState s = state;
        state = new ModelState(s.loadedAt(), now, message, now, s.reloads(), s.reloadFailures());
        LoadedModel serving = current.get();
        LOG.warn("{}{}", message, serving == null ? "" : "; version " + serving.version() + " keeps serving");
    }

    private String describeMissing() {
        String error = state.lastError();
        return error != null ? error : "model file " + path + " not loaded yet";
    }

    private static ModelState withCheck(ModelState s, Instant now) {
        return new ModelState(s.loadedAt(), now, s.lastError(), s.lastErrorAt(), s.reloads(), s.reloadFailures());
    }

    /** Identity of one version of the file: a rename changes the key, a rewrite the time or size. */
    private record FileStamp(FileTime modified, long size, Object key) {
        static FileStamp of(Path path) throws IOException {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            return new FileStamp(a.lastModifiedTime(), a.size(), Objects.requireNonNullElse(a.fileKey(), ""));
        }
    }
}
