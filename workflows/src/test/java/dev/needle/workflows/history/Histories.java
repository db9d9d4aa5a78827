package dev.needle.workflows.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.History;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.serviceclient.WorkflowServiceStubs;

/**
 * Keeps the event histories of the workflows a test ran, when asked to ({@code -Dneedle.histories.record=DIR}), so
 * that {@code WorkflowReplayTest} can replay them against later code: a change that would break a running workflow
 * then fails the build instead of a deployment. Off by default: a normal test run writes nothing.
 */
public final class Histories {

    /** System property naming the folder to record into; unset records nothing. */
    public static final String RECORD = "needle.histories.record";

    private Histories() {
    }

    /** Whether this run records histories. */
    public static boolean recording() {
        String dir = System.getProperty(RECORD);
        return dir != null && !dir.isBlank();
    }

    /**
     * Writes every execution (open or closed, each run of a continued-as-new chain) of the given workflow types to
     * {@code DIR/<type>/<source>--<workflow id>--<run n>.json}.
     */
    public static void keep(WorkflowServiceStubs service, String namespace, String source, Set<String> workflowTypes) {
        if (!recording())
            return;
        List<WorkflowExecutionInfo> executions = new ArrayList<>();
        executions.addAll(service.blockingStub()
                .listOpenWorkflowExecutions(ListOpenWorkflowExecutionsRequest.newBuilder().setNamespace(namespace)
                        .setMaximumPageSize(1000).build())
                .getExecutionsList());
        executions.addAll(service.blockingStub()
                .listClosedWorkflowExecutions(ListClosedWorkflowExecutionsRequest.newBuilder().setNamespace(namespace)
                        .setMaximumPageSize(1000).build())
                .getExecutionsList());
        executions.sort((a, b) -> Long.compare(a.getStartTime().getSeconds() * 1_000_000_000L + a.getStartTime().getNanos(),
                b.getStartTime().getSeconds() * 1_000_000_000L + b.getStartTime().getNanos()));
        int n = 0;
        for (WorkflowExecutionInfo info : executions) {
            String type = info.getType().getName();
            if (!workflowTypes.contains(type))
                continue;
            History history = fetch(service, namespace, info.getExecution());
            String json = new WorkflowExecutionHistory(history, info.getExecution().getWorkflowId()).toJson(true);
            Path file = Path.of(System.getProperty(RECORD), type,
                    source + "--" + info.getExecution().getWorkflowId() + "--" + (++n) + ".json");
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, json);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static History fetch(WorkflowServiceStubs service, String namespace, WorkflowExecution execution) {
        History.Builder all = History.newBuilder();
        com.google.protobuf.ByteString page = com.google.protobuf.ByteString.EMPTY;
        do {
            GetWorkflowExecutionHistoryResponse response = service.blockingStub().getWorkflowExecutionHistory(
                    GetWorkflowExecutionHistoryRequest.newBuilder().setNamespace(namespace).setExecution(execution)
                            .setNextPageToken(page).build());
            all.addAllEvents(response.getHistory().getEventsList());
            page = response.getNextPageToken();
        } while (!page.isEmpty());
        return all.build();
    }
}
