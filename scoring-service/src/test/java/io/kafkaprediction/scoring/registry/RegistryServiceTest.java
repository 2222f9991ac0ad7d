package io.kafkaprediction.scoring.registry;

import io.kafkaprediction.scoring.support.ServiceTest;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;

/** A running service whose model registry the test drives directly and whose meters it reads. */
abstract class RegistryServiceTest extends ServiceTest {

    @Inject
    ModelRegistry registry;

    @Inject
    MeterRegistry meters;
}
