package io.kafkaprediction.systemtests.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CpuAccountingTest {

    @Test
    void deltaIsPerGroupAndDescribedPerEvent() {
        Map<String, Double> before = new LinkedHashMap<>(Map.of("Connect", 1.0));
        Map<String, Double> after = new LinkedHashMap<>();
        after.put("Connect", 4.0);
        after.put("PostgreSQL", 2.0);

        Map<String, Double> used = CpuAccounting.delta(before, after);

        assertThat(used).isEqualTo(Map.of("Connect", 3.0, "PostgreSQL", 2.0));
        assertThat(CpuAccounting.describe(used, 100_000))
                .startsWith("Connect 3.0 s (30.0 µs/event), PostgreSQL 2.0 s (20.0 µs/event), total 50.0 µs/event");
    }

    @Test
    void ownJvmUsesSomeCpu() {
        CpuAccounting cpu = new CpuAccounting(Map.of("me", List.of(ProcessHandle.current().pid())), -1);

        assertThat(cpu.snapshot().get("me")).isPositive();
    }
}
