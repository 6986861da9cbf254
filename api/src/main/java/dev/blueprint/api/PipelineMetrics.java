package dev.blueprint.api;

import java.util.List;

/** A read-only view of the pipeline's counters; values are live and read without locking. */
public interface PipelineMetrics {

    /** One entry per component, in blueprint order. */
    List<ComponentStats> components();

    /** One entry per binding, in blueprint order. */
    List<BindingStats> bindings();

    /** Every meter of the run (pipeline, components, JVM) in the Prometheus text format 0.0.4. */
    String prometheusText();

    /** Counters of one component. */
    interface ComponentStats {
        /** Component name. */
        String name();

        /** Component type. */
        String type();

        /** Records taken from its inputs. */
        long recordsIn();

        /** Records emitted on any output. */
        long recordsOut();

        /** Records that made it throw or that it reported as failed. */
        long errors();

        /** Whether it has finished. */
        boolean finished();

        /**
         * Messages this source emitted for acknowledgement ({@link Output#emit(com.fasterxml.jackson.databind.JsonNode,
         * Runnable)}) that are still in flight: queued, being handled or buffered somewhere downstream.
         */
        default long awaitingAcknowledgement() {
            return 0;
        }

        /** Whether this component emits messages for acknowledgement. */
        default boolean tracksAcknowledgements() {
            return false;
        }
    }

    /** Counters of one binding (one queue). */
    interface BindingStats {
        /** {@code from.stream -> to.stream}. */
        String label();

        /** The sending component. */
        String fromComponent();

        /** The receiving component. */
        String toComponent();

        /** Records queued. */
        long delivered();

        /** Records dropped by the overflow policy. */
        long dropped();

        /** Records waiting now. */
        int depth();

        /** Queue capacity. */
        int capacity();
    }
}
