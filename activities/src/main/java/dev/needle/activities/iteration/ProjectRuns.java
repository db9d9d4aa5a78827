package dev.needle.activities.iteration;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.PessimisticLockException;

import dev.needle.activities.RefusedException;
import dev.needle.activities.campaign.Campaign;
import dev.needle.activities.campaign.CampaignRepository;
import dev.needle.activities.project.Project;
import dev.needle.activities.project.ProjectRepository;
import dev.needle.workflows.messages.values.CampaignStatus;

/**
 * What a project runs: one round at a time, and while a campaign is open (running or paused) only the rounds it starts
 * itself. A start reads this under a lock on the project's row ({@code SELECT ... FOR UPDATE}, on H2 as on
 * PostgreSQL), so two starts of one project take turns rather than both reading "nothing runs". The unique keys on the
 * running and open markers (V8) are the database's own guarantee behind this, for any writer that does not ask here.
 */
@ApplicationScoped
public class ProjectRuns {

    @Inject
    ProjectRepository projects;
    @Inject
    IterationRepository iterations;
    @Inject
    CampaignRepository campaigns;

    /**
     * Locks the project's row until the transaction ends and refuses (409 naming {@code project}) while a campaign of
     * the project is open or a round of it runs. Call it last, after every check of the request, and in the transaction
     * that writes the new round or campaign.
     */
    public void requireIdle(long projectId) {
        Project project = lock(projectId);
        Optional<Campaign> open = campaigns.openIn(projectId);
        if (open.isPresent()) {
            throw RefusedException.wrongState("project", "campaign " + open.get().id + " of " + project.slug + " is "
                    + (open.get().status == CampaignStatus.PAUSED ? "paused" : "running")
                    + "; it starts the project's rounds until it is stopped");
        }
        Optional<Iteration> running = iterations.running(projectId);
        if (running.isPresent())
            throw RefusedException.wrongState("project",
                    "round " + running.get().round + " of " + project.slug + " is still running");
    }

    private Project lock(long projectId) {
        try {
            return projects.findById(projectId, LockModeType.PESSIMISTIC_WRITE);
        } catch (PessimisticLockException | LockTimeoutException e) {
            // H2 gives up waiting after its lock timeout (1 s): another start held the row that long.
            throw RefusedException.wrongState("project", "another start of this project was under way; try again");
        }
    }
}
