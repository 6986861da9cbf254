package dev.blueprint.components.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.api.ComponentProvider;
import dev.blueprint.api.Record;
import dev.blueprint.testing.ComponentContractTest;
import org.junit.jupiter.api.Test;

/** {@code Process} passes the component contract with its default worker, {@code cat}, which echoes every record. */
class ProcessProviderContractTest extends ComponentContractTest<ProcessConfig> {
    @Override
    protected ComponentProvider<ProcessConfig> provider() {
        return new ProcessProvider();
    }

    @Test
    void theDefaultWorkerEchoesEveryRecord() throws InterruptedException {
        assertThat(runWithSampleRecords()).extracting(Record::value).containsExactlyElementsOf(sampleRecords());
    }
}
