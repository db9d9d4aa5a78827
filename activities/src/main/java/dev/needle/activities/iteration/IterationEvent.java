package dev.needle.activities.iteration;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import dev.needle.activities.IdentifiedEntity;
import dev.needle.workflows.messages.values.Step;

/** Something that happened to an iteration: a step entered, a deadline expired, a resume, the end. */
@Entity
@Table(name = "iteration_event")
public class IterationEvent extends IdentifiedEntity {

    public enum Kind {
        STEP,
        REMINDER,
        DEADLINE_EXTENDED,
        DEADLINE_EXPIRED,
        /** A person restarted a failed step (e.g. the retrain step after the trainer timed out). */
        RETRIED,
        RESUMED,
        FINISHED,
        /** The retrain step trained no built-in model (the linear probe learns classification only). */
        NO_MODEL_TRAINED,
        /** The budget shrank or refused the batch; the detail says why. */
        BUDGET
    }

    @Column(name = "iteration_id")
    public long iterationId;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    @Enumerated(EnumType.STRING)
    public Kind kind;

    @Enumerated(EnumType.STRING)
    public Step step;

    public String detail;

    public static IterationEvent of(long iterationId, Kind kind, Step step, String detail) {
        IterationEvent event = new IterationEvent();
        event.iterationId = iterationId;
        event.occurredAt = Instant.now();
        event.kind = kind;
        event.step = step;
        event.detail = detail;
        return event;
    }
}
