package dev.needle.web;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

import dev.needle.activities.iteration.Iteration;
import dev.needle.activities.iteration.Iterations;
import dev.needle.web.campaign.CampaignService;
import dev.needle.web.demo.DemoData;
import dev.needle.web.iteration.IterationMessages;
import dev.needle.web.security.IdentityConfig;
import dev.needle.web.temporal.WorkerLifecycle;
import dev.needle.web.temporal.Workflows;

/**
 * Start-up, in order: the demo project on an empty database, the Temporal workers, then the resumption of every
 * unfinished campaign and iteration whose workflow Temporal no longer has (the embedded server forgets them on restart).
 */
@ApplicationScoped
public class Startup {

    @Inject
    NeedleConfig config;
    @Inject
    DemoData demo;
    @Inject
    WorkerLifecycle workers;
    @Inject
    Workflows workflows;
    @Inject
    Iterations iterations;
    @Inject
    CampaignService campaignService;
    @Inject
    IterationMessages messages;

    @Inject
    IdentityConfig identity;

    void onStart(@Observes StartupEvent event) {
        if (identity.builtIn()) {
            Log.warnf("Built-in users for local use only: %s. Use Keycloak in production (profile keycloak).",
                    identity.users().entrySet().stream().sorted(Map.Entry.comparingByKey())
                            .map(u -> u.getKey() + "/" + u.getValue().password() + " " + u.getValue().roles())
                            .collect(Collectors.joining(", ")));
        }
        if (config.demo().enabled())
            demo.createIfEmpty();
        if (!workers.runsWorkers())
            return;
        workers.start();
        resumeUnfinished();
    }

    void resumeUnfinished() {
        // Campaigns first: each takes its running round over as its child again.
        Set<Long> takenOver = campaignService.resumeUnfinished();
        for (Iteration iteration : iterations.unfinished()) {
            if (takenOver.contains(iteration.id))
                continue;
            if (workflows.isRunning(iteration.workflowId)) {
                // An external Temporal kept it: it may lack a done or cancel answered just before the crash.
                messages.redeliver(iteration);
                continue;
            }
            Log.infof("Resuming iteration %d of project %d from step %s", iteration.round, iteration.projectId,
                    iteration.step);
            workflows.launch(iteration);
        }
    }
}
