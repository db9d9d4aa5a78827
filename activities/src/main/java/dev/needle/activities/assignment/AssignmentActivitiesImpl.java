package dev.needle.activities.assignment;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.needle.workflows.assignment.AssignmentActivities;

@ApplicationScoped
public class AssignmentActivitiesImpl implements AssignmentActivities {

    @Inject
    Assignments assignments;

    @Override
    public void assign(long iterationId) {
        assignments.assign(iterationId);
    }
}
