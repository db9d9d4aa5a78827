package dev.needle.activities.budget;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.needle.activities.iteration.Iteration;
import dev.needle.activities.iteration.IterationEvent;
import dev.needle.activities.iteration.IterationEventRepository;
import dev.needle.activities.iteration.IterationRepository;
import dev.needle.workflows.budget.BudgetActivities;
import dev.needle.workflows.messages.commands.ReserveBudget;
import dev.needle.workflows.messages.values.Reservation;

@ApplicationScoped
public class BudgetActivitiesImpl implements BudgetActivities {

    @Inject
    BudgetLedger ledger;
    @Inject
    IterationRepository iterations;
    @Inject
    IterationEventRepository events;

    /** One transaction: the reservation, the batch size the round now has, and the event that says why. */
    @Override
    @Transactional
    public Reservation reserve(ReserveBudget command) {
        Reservation reservation = ledger.reserve(command.iterationId(), command.projectId(), command.batchSize());
        if (reservation.reason() != null) {
            Iteration iteration = iterations.findById(command.iterationId());
            if (iteration != null) {
                if (!reservation.refused())
                    iteration.batchSize = reservation.granted();
                boolean recorded = events.count("iterationId = ?1 and kind = ?2", iteration.id,
                        IterationEvent.Kind.BUDGET) > 0;
                if (!recorded)
                    events.persist(IterationEvent.of(iteration.id, IterationEvent.Kind.BUDGET, iteration.step,
                            reservation.reason()));
            }
        }
        return reservation;
    }
}
