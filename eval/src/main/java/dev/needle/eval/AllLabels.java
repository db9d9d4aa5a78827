package dev.needle.eval;

import dev.needle.activities.training.LinearModel;
import dev.needle.activities.training.LinearProbe;

/**
 * The reference point: Needle's trainer (the linear probe, with the settings its training activity uses) on every pool
 * label, on the embeddings Needle computed. Called directly rather than through a round whose batch is the whole pool:
 * the trainer and the embeddings are the same, without 60,000 labels sent through the API.
 */
record AllLabels(int labeled, double accuracy, double seconds) {

    static AllLabels measure(NeedleEmbeddings data) {
        long t0 = System.nanoTime();
        LinearModel model = LinearProbe.train(data.poolX(), data.poolY(), FashionMnist.CLASSES,
                LinearProbe.defaultL2(data.poolY().size()), LinearProbe.DEFAULT_MAX_ITERATIONS);
        double accuracy = LinearProbe.accuracy(model, data.evalX(), data.evalY());
        return new AllLabels(data.poolY().size(), accuracy, (System.nanoTime() - t0) / 1e9);
    }
}
