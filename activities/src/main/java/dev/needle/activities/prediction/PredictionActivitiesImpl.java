package dev.needle.activities.prediction;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.needle.activities.artifact.ArtifactStore;
import dev.needle.activities.artifact.SampleMatrix;
import dev.needle.activities.dataset.SampleRepository;
import dev.needle.activities.dataset.Split;
import dev.needle.activities.labeling.LabelRepository;
import dev.needle.activities.project.Project;
import dev.needle.activities.project.ProjectRepository;
import dev.needle.activities.training.LinearModel;
import dev.needle.activities.training.ModelVersion;
import dev.needle.activities.training.ModelVersionRepository;
import dev.needle.workflows.messages.commands.PredictPool;
import dev.needle.workflows.messages.values.Predictions;
import dev.needle.workflows.prediction.PredictionActivities;

@ApplicationScoped
public class PredictionActivitiesImpl implements PredictionActivities {

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

    @Override
    public Predictions predict(PredictPool command) {
        record Work(ModelVersion model, Set<Long> poolIds, Set<Long> labeledIds) {
        }
        Work work = QuarkusTransaction.requiringNew()
                .call(
                        () -> {
                            Project project = projects.findById(command.projectId());
                            if (project.currentModelId == null)
                                return null;
                            return new Work(models.findById(project.currentModelId),
                                    samples.idsInSplit(command.datasetId(), Split.POOL),
                                    labels.labeledSampleIds(command.datasetId()));
                        });
        if (work == null)
            return Predictions.coldStart();

        LinearModel model = LinearModel.fromBytes(artifacts.read(work.model().artifact));
        SampleMatrix embeddings = SampleMatrix.readFrom(artifacts.open(command.embeddingsArtifact()));
        PoolView pool = PoolView.of(embeddings, work.poolIds(), work.labeledIds());
        int c = model.classes().size();
        long[] ids = new long[pool.unlabeled().length];
        float[] probabilities = new float[ids.length * c];
        for (int j = 0; j < ids.length; j++) {
            int row = pool.unlabeled()[j];
            ids[j] = pool.embeddings().sampleIds()[row];
            double[] p = model.probabilities(pool.embeddings().row(row));
            for (int k = 0; k < c; k++)
                probabilities[j * c + k] = (float) p[k];
        }
        SampleMatrix predictions = new SampleMatrix(ids, c, probabilities);
        return new Predictions(artifacts.write("predictions", predictions::writeTo), work.model().version);
    }
}
