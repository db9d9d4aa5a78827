package dev.needle.workflows.messages.values;

/**
 * What an iteration's steps have produced so far: the durable record a resumed workflow starts from, stored as JSON on
 * the iteration's row. A field stays null (or false) until its step records it. The JSON names are the keys the
 * record had when it was a map of strings, so older workflow histories still read (Jackson takes {@code "true"} for
 * true and {@code "1700000000000"} for a number).
 *
 * @param embeddings artifact of the pool's and eval split's embeddings (computed or imported)
 * @param predictions artifact of the unlabeled pool's predictions; null on a cold start
 * @param modelUsed the model version that made {@code predictions}
 * @param scores artifact of the per-image uncertainty scores; null on a cold start
 * @param strategyUsed the strategy that chose the batch (differs from the requested one on a cold start)
 * @param coldStart whether the batch was chosen without a model
 * @param labelingStarted epoch milliseconds at which the labeling round opened: reminders fall at fractions of
 *        [started, deadline]
 * @param labelingDeadline epoch milliseconds at which the labeling round's deadline falls; absolute, so a resumed
 *        round keeps it
 * @param deadlineExtended set once the EXTEND policy moved the deadline, so a resumed round does not extend it twice
 * @param deadlineExpired whether the deadline passed before the round was over
 * @param modelProduced the model version the retrain step recorded
 * @param accuracy that model's accuracy on the eval split; null without eval images
 * @param trainingSize how many labels it was trained on
 */
public record StepOutputs(
        String embeddings,
        String predictions,
        String modelUsed,
        String scores,
        String strategyUsed,
        Boolean coldStart,
        Long labelingStarted,
        Long labelingDeadline,
        boolean deadlineExtended,
        boolean deadlineExpired,
        String modelProduced,
        Double accuracy,
        Integer trainingSize) {

    /** A round that has produced nothing yet. */
    public static final StepOutputs NONE = new StepOutputs(null, null, null, null, null, null, null, null, false, false,
            null, null, null);

    public StepOutputs embedded(String embeddingsArtifact) {
        return new StepOutputs(embeddingsArtifact, predictions, modelUsed, scores, strategyUsed, coldStart,
                labelingStarted, labelingDeadline, deadlineExtended, deadlineExpired, modelProduced, accuracy,
                trainingSize);
    }

    /** Cold-start predictions (both null) leave the record as it was. */
    public StepOutputs predicted(Predictions made) {
        return new StepOutputs(embeddings, or(made.artifact(), predictions), or(made.modelVersion(), modelUsed), scores,
                strategyUsed, coldStart, labelingStarted, labelingDeadline, deadlineExtended, deadlineExpired,
                modelProduced, accuracy, trainingSize);
    }

    public StepOutputs scored(String scoresArtifact) {
        return new StepOutputs(embeddings, predictions, modelUsed, scoresArtifact, strategyUsed, coldStart,
                labelingStarted, labelingDeadline, deadlineExtended, deadlineExpired, modelProduced, accuracy,
                trainingSize);
    }

    public StepOutputs queried(String strategy, boolean withoutModel) {
        return new StepOutputs(embeddings, predictions, modelUsed, scores, strategy, withoutModel,
                labelingStarted, labelingDeadline, deadlineExtended, deadlineExpired, modelProduced, accuracy,
                trainingSize);
    }

    public StepOutputs labelingOpened(long startedMillis, long deadlineMillis) {
        return new StepOutputs(embeddings, predictions, modelUsed, scores, strategyUsed, coldStart, startedMillis,
                deadlineMillis, deadlineExtended, deadlineExpired, modelProduced, accuracy, trainingSize);
    }

    public StepOutputs deadlineExtendedTo(long deadlineMillis) {
        return new StepOutputs(embeddings, predictions, modelUsed, scores, strategyUsed, coldStart, labelingStarted,
                deadlineMillis, true, deadlineExpired, modelProduced, accuracy, trainingSize);
    }

    public StepOutputs expired() {
        return new StepOutputs(embeddings, predictions, modelUsed, scores, strategyUsed, coldStart, labelingStarted,
                labelingDeadline, deadlineExtended, true, modelProduced, accuracy, trainingSize);
    }

    /** No model (a trainer that produced none) leaves the record as it was, and so does an unmeasured accuracy. */
    public StepOutputs trained(TrainedModel model) {
        if (model == null)
            return this;
        return new StepOutputs(embeddings, predictions, modelUsed, scores, strategyUsed, coldStart, labelingStarted,
                labelingDeadline, deadlineExtended, deadlineExpired, model.version(), or(model.accuracy(), accuracy),
                model.trainingSize());
    }

    /**
     * This record with every field {@code later} has set taken from it: what a step records never erases what an
     * earlier one did, even when a retried activity brings an older record.
     */
    public StepOutputs updatedBy(StepOutputs later) {
        return new StepOutputs(or(later.embeddings, embeddings), or(later.predictions, predictions),
                or(later.modelUsed, modelUsed), or(later.scores, scores), or(later.strategyUsed, strategyUsed),
                or(later.coldStart, coldStart), or(later.labelingStarted, labelingStarted),
                or(later.labelingDeadline, labelingDeadline), later.deadlineExtended || deadlineExtended,
                later.deadlineExpired || deadlineExpired, or(later.modelProduced, modelProduced),
                or(later.accuracy, accuracy), or(later.trainingSize, trainingSize));
    }

    private static <T> T or(T value, T otherwise) {
        return value != null ? value : otherwise;
    }
}
