package dev.needle.workflows.history;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;

import dev.needle.workflows.campaign.CampaignWorkflowImpl;
import dev.needle.workflows.iteration.IterationWorkflowImpl;

/**
 * Replays every committed history against today's workflow code. Histories live under
 * {@code src/test/resources/histories/<recording>/<workflow type>/}, recorded from the workflow tests and from the
 * packaged application's integration tests (see {@link Histories}); a change that would make a running workflow take
 * another path than the one its history records fails here.
 */
class WorkflowReplayTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("iterationHistories")
    void iterationHistoriesReplayOnTodaysCode(Path history) throws Exception {
        WorkflowReplayer.replayWorkflowExecution(read(history), IterationWorkflowImpl.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("campaignHistories")
    void campaignHistoriesReplayOnTodaysCode(Path history) throws Exception {
        WorkflowReplayer.replayWorkflowExecution(read(history), CampaignWorkflowImpl.class);
    }

    @Test
    void theCommittedHistoriesAreFound() throws Exception {
        // Without this, a moved resource folder would turn both replay tests into zero cases that pass.
        assertFalse(historiesOf("IterationWorkflow").isEmpty(), "no iteration histories under histories/");
        assertFalse(historiesOf("CampaignWorkflow").isEmpty(), "no campaign histories under histories/");
    }

    static List<Path> iterationHistories() throws Exception {
        return historiesOf("IterationWorkflow");
    }

    static List<Path> campaignHistories() throws Exception {
        return historiesOf("CampaignWorkflow");
    }

    private static List<Path> historiesOf(String workflowType) throws IOException, URISyntaxException {
        Path root = Path.of(WorkflowReplayTest.class.getResource("/histories").toURI());
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.getParent().getFileName().toString().equals(workflowType))
                    .filter(f -> f.toString().endsWith(".json"))
                    .sorted()
                    .map(root::relativize)
                    .toList();
        }
    }

    private static WorkflowExecutionHistory read(Path relative) throws Exception {
        Path root = Path.of(WorkflowReplayTest.class.getResource("/histories").toURI());
        return WorkflowExecutionHistory.fromJson(Files.readString(root.resolve(relative)));
    }
}
