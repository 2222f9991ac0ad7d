package io.kafkaprediction.scoring.support;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What every {@code @MicronautTest} against the running service shares: the embedded server, its
 * JSON mapper and plain HTTP against it. Subclasses give the service's properties.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServiceTest implements TestPropertyProvider {

    @Inject
    protected EmbeddedServer server;

    @Inject
    protected JsonMapper json;

    protected Http http;

    /** Runs before the subclass's own {@code @BeforeAll}, so those can already send requests. */
    @BeforeAll
    protected final void connectHttp() {
        http = new Http(server.getURL());
    }
}
