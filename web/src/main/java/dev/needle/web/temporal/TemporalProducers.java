package dev.needle.web.temporal;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;

import dev.needle.activities.BadInputInterceptor;
import dev.needle.web.NeedleConfig;

/** The plain Temporal SDK, made injectable. Worker start and stop live in {@link WorkerLifecycle}. */
public class TemporalProducers {

    @Produces
    @Singleton
    WorkflowServiceStubs serviceStubs(EmbeddedTemporal temporal) {
        return WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(temporal.target()).build());
    }

    void closeStubs(@Disposes WorkflowServiceStubs stubs) {
        stubs.shutdown();
    }

    @Produces
    @Singleton
    WorkflowClient workflowClient(WorkflowServiceStubs stubs, NeedleConfig config) {
        return WorkflowClient.newInstance(
                stubs, WorkflowClientOptions.newBuilder().setNamespace(config.temporal().namespace()).build());
    }

    @Produces
    @Singleton
    WorkerFactory workerFactory(WorkflowClient client) {
        return WorkerFactory.newInstance(
                client, WorkerFactoryOptions.newBuilder().setWorkerInterceptors(new BadInputInterceptor()).build());
    }
}
