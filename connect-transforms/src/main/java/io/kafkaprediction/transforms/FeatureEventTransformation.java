package io.kafkaprediction.transforms;

import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.util.SimpleConfig;

/**
 * What the feature-event transforms share: one {@link ConfigDef} that starts with the reader's
 * {@code *.field} options, the event reader built from them, the plugin version and nothing to
 * close. Each transform reads its own options in {@link #configure(SimpleConfig)}.
 */
abstract class FeatureEventTransformation<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {

    private final ConfigDef configDef;
    protected FeatureEventReader reader;

    FeatureEventTransformation(ConfigDef configDef) {
        this.configDef = configDef;
    }

    @Override
    public final void configure(Map<String, ?> props) {
        SimpleConfig config = new SimpleConfig(configDef, props);
        reader = new FeatureEventReader(config);
        configure(config);
    }

    /** The transform's own options, read after the reader's. */
    protected abstract void configure(SimpleConfig config);

    @Override
    public ConfigDef config() {
        return configDef;
    }

    @Override
    public String version() {
        return PluginVersion.VERSION;
    }

    @Override
    public void close() {
    }
}
