package dev.needle.activities.training;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.needle.activities.artifact.ArtifactStore;
import dev.needle.activities.artifact.SampleMatrix;
import dev.needle.activities.dataset.Sample;
import dev.needle.activities.dataset.SampleRepository;
import dev.needle.activities.dataset.Split;
import dev.needle.activities.embedding.EmbeddingSetRepository;
import dev.needle.activities.iteration.IterationEvent;
import dev.needle.activities.iteration.IterationEventRepository;
import dev.needle.activities.labeling.Label;
import dev.needle.activities.labeling.LabelRepository;
import dev.needle.activities.project.Project;
import dev.needle.activities.project.ProjectRepository;
import dev.needle.activities.project.TaskType;
import dev.needle.workflows.messages.commands.Retrain;
import dev.needle.workflows.messages.values.Step;
import dev.needle.workflows.messages.values.TrainedModel;
import dev.needle.workflows.training.TrainingActivities;

/** The built-in trainer: a linear probe (softmax regression) on the embeddings of every labeled image. */
@ApplicationScoped
public class TrainingActivitiesImpl implements TrainingActivities {

    @Inject
    ArtifactStore artifacts;
    @Inject
    ProjectRepository projects;
    @Inject
    ModelVersionRepository models;
    @Inject
    SampleRepository samples;
    @Inject
    LabelRepository labels;
    @Inject
    EmbeddingSetRepository embeddingSets;
    @Inject
    IterationEventRepository events;

    @Override
    public TrainedModel retrain(Retrain command) {
        record Work(Project project, Optional<ModelVersion> done, List<Label> labels, List<Sample> eval, String embedder) {
        }
        Work work = QuarkusTransaction.requiringNew()
                .call(
                        () -> new Work(
                                projects.findById(command.projectId()),
                                models.find("iterationId", command.iterationId()).firstResultOptional(),
                                labels.inDataset(command.datasetId()),
                                samples.inSplit(command.datasetId(), Split.EVAL),
                                embeddingSets.embedderOf(command.embeddingsArtifact()).orElse("unknown")));
        if (work.project().taskType() != TaskType.CLASSIFICATION) {
            QuarkusTransaction.requiringNew().run(() -> noModelTrained(command.iterationId(), work.project()));
            return null;
        }
        // A retried activity whose first attempt committed returns that model rather than training a second one.
        if (work.done().isPresent())
            return toMessage(work.done().get());
        if (work.labels().isEmpty())
            return null;

        SampleMatrix embeddings = SampleMatrix.readFrom(artifacts.open(command.embeddingsArtifact()));
        Map<Long, Integer> rowOf = embeddings.index();
        List<float[]> x = new ArrayList<>();
        List<String> y = new ArrayList<>();
        for (Label label : work.labels()) {
            Integer row = rowOf.get(label.sampleId);
            if (row == null)
                continue; // not embeddable (broken file): nothing to learn from
            x.add(embeddings.row(row));
            y.add(label.className);
        }
        List<float[]> evalX = new ArrayList<>();
        List<String> evalY = new ArrayList<>();
        for (Sample s : work.eval()) {
            Integer row = rowOf.get(s.id);
            if (row == null)
                continue;
            evalX.add(embeddings.row(row));
            evalY.add(s.evalClass);
        }
        List<String> classes = work.project().classes();
        LinearModel model = LinearProbe.train(x.toArray(float[][]::new), y, classes, LinearProbe.defaultL2(x.size()),
                LinearProbe.DEFAULT_MAX_ITERATIONS);
        Double accuracy = evalX.isEmpty() ? null : LinearProbe.accuracy(model, evalX.toArray(float[][]::new), evalY);
        String artifact = artifacts.write("model", out -> out.write(model.toBytes()));

        return QuarkusTransaction.requiringNew()
                .call(
                        () -> {
                            Optional<ModelVersion> raced = models.find("iterationId", command.iterationId())
                                    .firstResultOptional();
                            if (raced.isPresent())
                                return toMessage(raced.get());
                            ModelVersion version = new ModelVersion();
                            version.projectId = command.projectId();
                            version.version = work.project().slug + "-r" + command.round();
                            version.artifact = artifact;
                            version.embedder = work.embedder();
                            version.accuracy = accuracy;
                            version.trainingSize = x.size();
                            version.evalSize = evalX.size();
                            version.iterationId = command.iterationId();
                            version.createdAt = Instant.now();
                            models.persist(version);
                            projects.findById(command.projectId()).currentModelId = version.id;
                            return toMessage(version);
                        });
    }

    /** Said once per iteration, so a retried activity does not repeat it. */
    private void noModelTrained(long iterationId, Project project) {
        if (events.count("iterationId = ?1 and kind = ?2", iterationId, IterationEvent.Kind.NO_MODEL_TRAINED) > 0)
            return;
        events.persist(IterationEvent.of(iterationId, IterationEvent.Kind.NO_MODEL_TRAINED, Step.RETRAIN,
                "no built-in model was trained: the linear probe learns classification only, and project "
                        + project.slug + " is " + project.taskType + "; its labels are stored for an external trainer"));
    }

    private static TrainedModel toMessage(ModelVersion version) {
        return new TrainedModel(version.version, version.accuracy, version.trainingSize);
    }
}
