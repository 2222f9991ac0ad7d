package io.kafkaprediction.scoring.registry;

import io.kafkaprediction.scoring.model.LoadedModel;
import io.kafkaprediction.scoring.model.ModelLoadException;
import io.kafkaprediction.scoring.model.ModelLoader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.annotation.Nullable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over the model files, run under the registry's monitor: loads what is new or changed,
 * unloads what disappeared (unless routing still names it), re-reads the routing file, publishes
 * the result, then releases what it replaced. Keeps the reload and routing status it reports.
 */
final class Scan {

    // The registry's logger: operators (and log-based alerts) know the component, not this helper.
    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);
    /** Numeric versions in numeric order ("9" before "10"), before any other name, which sort as text. */
    static final Comparator<String> VERSION_ORDER = Comparator
            .comparing((String v) -> !v.chars().allMatch(Character::isDigit))
            .thenComparing(v -> v.chars().allMatch(Character::isDigit) ? v.replaceFirst("^0+(?=.)", "").length() : 0)
            .thenComparing(Comparator.naturalOrder());

    private final ModelSource source;
    private final String modelName;
    private final AtomicReference<Served> served;
    private final MeterRegistry meters;
    private final ModelLoader loader = new ModelLoader();
    private final Counter reloadSuccesses;
    private final Counter reloadFailures;
    private final Counter routingRejections;

    private volatile ModelState state = ModelState.initial();
    private volatile @Nullable RoutingState routingState;
    // Touched only under the registry's monitor:
    private final Map<String, FileStamp> rejected = new HashMap<>();
    private @Nullable FileStamp routingStamp;
    private Set<String> lastAvailable = Set.of();
    private @Nullable String lastProblem;
    /** A single file that served went missing and that was reported; it is loaded again when it is back. */
    private boolean missingReported;

    Scan(ModelSource source, String modelName, AtomicReference<Served> served, MeterRegistry meters) {
        this.source = source;
        this.modelName = modelName;
        this.served = served;
        this.meters = meters;
        this.reloadSuccesses = Counter.builder("scoring.model.reloads").tag("outcome", "success")
                .description("Model files loaded and swapped in").register(meters);
        this.reloadFailures = Counter.builder("scoring.model.reloads").tag("outcome", "failure")
                .description("Model files rejected; the previous model kept serving").register(meters);
        this.routingRejections = Counter.builder("scoring.routing.rejections")
                .description("Routing files rejected; the previous routing stayed").register(meters);
        if (source.routingFile() != null) {
            routingState = new RoutingState("latest version", null, null, 0, null, null, null, Map.of());
        }
    }

    ModelState state() {
        return state;
    }

    @Nullable RoutingState routingState() {
        return routingState;
    }

    /** Why the last scan could not serve everything it found (for the start-up), or null. */
    @Nullable String startupProblem() {
        return lastProblem;
    }

    void recordMissing(String message) {
        ModelState s = state;
        state = new ModelState(s.loadedAt(), Instant.now(), message, Instant.now(), s.reloads(), s.reloadFailures());
        LOG.error("No model loaded: {}", message);
    }

    boolean run(Instant now) {
        Served before = served.get();
        lastProblem = null;
        List<ModelSource.Candidate> found;
        try {
            found = source.scan();
        } catch (IOException e) {
            recordFailures(List.of("cannot read " + source + ": " + e.getMessage()), now);
            return false;
        }
        Map<String, ModelVersion> next = new TreeMap<>(VERSION_ORDER);
        next.putAll(before.bySlot());
        List<ModelVersion> retired = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Set<String> onDisk = new LinkedHashSet<>();
        int loaded = 0;
        for (ModelSource.Candidate c : found) {
            onDisk.add(c.slot());
            ModelVersion old = next.get(c.slot());
            boolean unchanged = old != null && old.stamp().equals(c.stamp()) && !missingReported;
            if (unchanged || c.stamp().equals(rejected.get(c.slot()))) {
                continue;
            }
            missingReported = false;
            ModelVersion fresh = load(c, now, errors);
            if (fresh == null) {
                continue;
            }
            next.put(c.slot(), fresh);
            loaded++;
            if (old != null) {
                retired.add(old);
            }
            LOG.info("Loaded {} from {} (features {}, objective {}, engine {}){}", fresh, c.file(),
                    fresh.model().featureNames(), fresh.model().objective(), fresh.model().engine(),
                    old != null ? "; replaces version " + old.version() : "");
        }
        rejected.keySet().retainAll(onDisk);
        if (!source.unloadsMissing() && found.isEmpty() && !next.isEmpty() && !missingReported) {
            // A missing file keeps the current model (deployments replace files by rename), but it is
            // reported once: the next restart would come up without a model.
            missingReported = true;
            recordProblem("model file " + source + " no longer exists; a restart would start without a model", now);
        }
        List<String> available = next.keySet().stream().filter(onDisk::contains).toList();
        if (!source.unloadsMissing()) {
            available = List.copyOf(next.keySet());
        }
        boolean versionsChanged = loaded > 0 || !Set.copyOf(available).equals(lastAvailable);
        lastAvailable = Set.copyOf(available);
        Routing routing = chooseRouting(before.routing(), available, versionsChanged, now);
        Map<String, String> retained = new TreeMap<>(VERSION_ORDER);
        for (String slot : List.copyOf(next.keySet())) {
            if (available.contains(slot)) {
                continue;
            }
            String role = routing == null ? null : routing.roleOf(slot);
            if (role != null) {
                retained.put(slot, "removed from disk, but routing names it as " + role + ": it keeps serving "
                        + "until " + Routing.FILE_NAME + " stops naming it");
            } else {
                retired.add(next.remove(slot));
                LOG.info("Unloading {} model version {}: its folder is gone (closed once its requests finish)",
                        modelName, slot);
            }
        }
        Served after = Served.of(next, routing);
        served.set(after);
        // Published first: a request still holding a retired version keeps it until it releases it.
        retired.forEach(ModelVersion::release);
        updateState(before, loaded, errors, retained, now);
        if (after.primary() == null && errors.isEmpty() && state.lastError() == null
                && source instanceof ModelSource.Repository repository) {
            recordMissing("no version of model '" + modelName + "' is loaded: add a folder such as "
                    + repository.modelFolder().resolve("1") + " holding model.json or model.ubj");
        }
        return loaded > 0 || !retired.isEmpty() || !Objects.equals(routing, before.routing());
    }

    private @Nullable ModelVersion load(ModelSource.Candidate c, Instant now, List<String> errors) {
        try {
            LoadedModel model = loader.load(c.file(), c.version());
            rejected.remove(c.slot());
            return new ModelVersion(modelName, model, c.stamp(), now, meters);
        } catch (ModelLoadException e) {
            errors.add(e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            // LinkageError: e.g. the native library or a class file gone from under a running service.
            errors.add("cannot load " + c.file() + ": " + e);
        }
        rejected.put(c.slot(), c.stamp());
        return null;
    }

    /** The routing file's routing when it is valid, the previous one when it is not, the latest version without a file. */
    private @Nullable Routing chooseRouting(@Nullable Routing current, List<String> available, boolean versionsChanged,
                                            Instant now) {
        Path file = source.routingFile();
        if (file == null) {
            return available.isEmpty() ? null : Routing.only(available.get(0));
        }
        FileStamp stamp;
        try {
            stamp = FileStamp.of(file);
        } catch (NoSuchFileException e) {
            routingStamp = null;
            Routing latest = available.isEmpty() ? null : Routing.only(available.get(available.size() - 1));
            setRouting(latest, "latest version", null, null);
            return latest;
        } catch (IOException e) {
            return rejectRouting(current, file, "cannot read it: " + e, now);
        }
        if (stamp.equals(routingStamp) && !versionsChanged) {
            return current;
        }
        routingStamp = stamp;
        try {
            Routing routing = Routing.parse(Files.readAllBytes(file), available);
            setRouting(routing, file.toString(), null, null);
            if (!routing.equals(current)) {
                LOG.info("Routing of {} from {}: {}", modelName, file, routing);
            }
            return routing;
        } catch (IllegalArgumentException | IOException e) {
            return rejectRouting(current, file, e.getMessage(), now);
        }
    }

    private @Nullable Routing rejectRouting(@Nullable Routing current, Path file, String reason, Instant now) {
        String message = file + " rejected: " + reason + "; " + (current != null
                ? "the previous routing stays (primary " + current.primary() + ")" : "no routing is in force");
        routingRejections.increment();
        lastProblem = message;
        LOG.error("{}", message);
        RoutingState s = routingState;
        setRouting(current, s == null ? file.toString() : s.source(), message, now);
        return current;
    }

    private void setRouting(@Nullable Routing routing, String from, @Nullable String error, @Nullable Instant errorAt) {
        RoutingState s = routingState;
        routingState = new RoutingState(from,
                routing == null ? null : routing.primary(), routing == null ? null : routing.canary(),
                routing == null ? 0 : routing.canaryPercent(), routing == null ? null : routing.shadow(),
                error, errorAt, s == null ? Map.of() : s.retained());
    }

    private void updateState(Served before, int loaded, List<String> errors, Map<String, String> retained, Instant now) {
        RoutingState r = routingState;
        if (r != null) {
            routingState = new RoutingState(r.source(), r.primary(), r.canary(), r.canaryPercent(), r.shadow(),
                    r.lastError(), r.lastErrorAt(), Map.copyOf(retained));
        }
        ModelState s = state;
        long reloads = before.bySlot().isEmpty() ? 0 : loaded;
        reloadSuccesses.increment(reloads);
        if (!errors.isEmpty()) {
            recordFailures(errors, now);
            s = state;
            state = new ModelState(loaded > 0 ? now : s.loadedAt(), now, s.lastError(), s.lastErrorAt(),
                    s.reloads() + reloads, s.reloadFailures());
            return;
        }
        boolean cleared = loaded > 0;
        state = new ModelState(loaded > 0 ? now : s.loadedAt(), now, cleared ? null : s.lastError(),
                cleared ? null : s.lastErrorAt(), s.reloads() + reloads, s.reloadFailures());
    }

    /** A problem that is not a rejected file (no failure counted): kept in the state and logged. */
    private void recordProblem(String message, Instant now) {
        ModelState s = state;
        state = new ModelState(s.loadedAt(), now, message, now, s.reloads(), s.reloadFailures());
        ModelVersion serving = served.get().primary();
        LOG.warn("{}{}", message, serving == null ? "" : "; version " + serving.version() + " keeps serving");
    }

    private void recordFailures(List<String> messages, Instant now) {
        ModelState s = state;
        String message = String.join("; ", messages);
        state = new ModelState(s.loadedAt(), now, message, now, s.reloads(), s.reloadFailures() + messages.size());
        reloadFailures.increment(messages.size());
        lastProblem = lastProblem == null ? message : message + "; " + lastProblem;
        ModelVersion primary = served.get().primary();
        if (primary != null) {
            LOG.error("Rejected model reload, version {} keeps serving: {}", primary.version(), message);
        } else {
            LOG.error("No model loaded: {}", message);
        }
    }
}
