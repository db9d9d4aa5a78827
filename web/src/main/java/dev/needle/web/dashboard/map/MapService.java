package dev.needle.web.dashboard.map;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.needle.activities.artifact.SampleMatrix;
import dev.needle.activities.iteration.Iteration;
import dev.needle.activities.iteration.Iterations;
import dev.needle.activities.iteration.RoundPools;
import dev.needle.activities.project.Project;
import dev.needle.web.dashboard.map.MapPoints.Series;
import dev.needle.web.dashboard.map.PointSample.Kind;
import dev.needle.web.problem.ProblemException;
import dev.needle.workflows.messages.values.BatchItem;

/**
 * What the embedding map shows for a round: the pool as that round's query saw it. Labeled means labeled before the
 * round (or imported without one), selected means in the round's batch, the rest is unlabeled; labels given later do
 * not repaint an earlier round.
 */
@ApplicationScoped
public class MapService {

    /** Points sent to a browser at most; beyond this a scatter plot is slow to draw and no easier to read. */
    public static final int MAX_POINTS = 20_000;
    /** The subsample's seed: fixed, so reloading shows the same points. */
    private static final long SAMPLE_SEED = 0x6e65656486d6170L;

    /** One round as the round selector lists it. */
    public record RoundChoice(int round, String label, boolean hasEmbeddings) {
        static RoundChoice of(Iteration i) {
            String label = "Round " + i.round + " · " + i.batchSize + " images · " + lower(i.status)
                    + (i.step == null ? "" : " at " + lower(i.step))
                    + (i.outputs.embeddings() == null ? " · no embeddings yet" : "");
            return new RoundChoice(i.round, label, i.outputs.embeddings() != null);
        }

        private static String lower(Object o) {
            return String.valueOf(o).toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The map page's frame: the project, its rounds, the one chosen, and why there is no map if there is none. */
    public record MapFrame(String slug, String name, List<RoundChoice> rounds, Integer round, String missing) {
    }

    private record Scene(Project project, Iteration iteration, RoundPools.Pool pool) {
    }

    @Inject
    Iterations iterations;
    @Inject
    RoundPools pools;
    @Inject
    Projections projections;

    /** The page's frame; unknown projects and rounds are 404s, a round without embeddings is a message. */
    public MapFrame frame(String slug, String roundParam) {
        Iterations.ProjectRounds read = iterations.rounds(slug);
        Project project = read.project();
        List<RoundChoice> choices = read.rounds().stream()
                .sorted(Comparator.comparingInt((Iteration i) -> i.round).reversed())
                .map(RoundChoice::of)
                .toList();
        Optional<Iteration> chosen = choose(project, read.rounds(), roundParam);
        String missing = chosen.isEmpty() ? "no embeddings yet: run an iteration first"
                : chosen.get().outputs.embeddings() == null ? noEmbeddings(chosen.get()) : null;
        return new MapFrame(project.slug, project.name, choices, chosen.map(i -> i.round).orElse(null), missing);
    }

    /** The points of the map; a round without embeddings is a 409 naming the round. */
    public MapPoints points(String slug, String roundParam, String methodParam) {
        ProjectionMethod method = ProjectionMethod.parse(methodParam);
        Scene scene = scene(slug, roundParam);
        Iteration iteration = scene.iteration();
        Projections.Projection projection = projections.of(iteration.outputs.embeddings(), scene.pool().pool(), method);
        SampleMatrix xy = projection.coordinates();

        Map<Long, BatchItem> batch = new HashMap<>();
        for (BatchItem item : scene.pool().batch())
            batch.put(item.sampleId(), item);
        long[] ids = xy.sampleIds();
        Kind[] kinds = new Kind[ids.length];
        int[] totals = new int[Kind.values().length];
        for (int i = 0; i < ids.length; i++) {
            kinds[i] = batch.containsKey(ids[i]) ? Kind.SELECTED
                    : scene.pool().labeledBefore().contains(ids[i]) ? Kind.LABELED : Kind.UNLABELED;
            totals[kinds[i].ordinal()]++;
        }
        boolean[] keep = PointSample.choose(ids, kinds, MAX_POINTS, SAMPLE_SEED);

        List<Series> series = new ArrayList<>();
        // Drawing order: unlabeled underneath, the batch on top where it is easiest to hover.
        series.add(series(Kind.UNLABELED, "Unlabeled", totals, xy, kinds, keep, null));
        series.add(series(Kind.LABELED, "Labeled before round " + iteration.round, totals, xy, kinds, keep, null));
        series.add(series(Kind.SELECTED, "Selected in round " + iteration.round, totals, xy, kinds, keep, batch));
        return new MapPoints(scene.project().slug, iteration.round, method.key(), method.title(), projection.explained(),
                iteration.outputs.embeddings(), projection.dimension(), ids.length, MAX_POINTS, projection.computeMillis(),
                projection.cached(), series);
    }

    private static Series series(Kind kind, String name, int[] totals, SampleMatrix xy, Kind[] kinds, boolean[] keep,
            Map<Long, BatchItem> batch) {
        int n = 0;
        for (int i = 0; i < kinds.length; i++)
            if (keep[i] && kinds[i] == kind)
                n++;
        float[] x = new float[n];
        float[] y = new float[n];
        long[] ids = new long[n];
        List<String> files = batch == null ? null : new ArrayList<>(n);
        int[] ranks = batch == null ? null : new int[n];
        Double[] scores = batch == null ? null : new Double[n];
        int at = 0;
        for (int i = 0; i < kinds.length; i++) {
            if (!keep[i] || kinds[i] != kind)
                continue;
            x[at] = xy.values()[2 * i];
            y[at] = xy.values()[2 * i + 1];
            ids[at] = xy.sampleIds()[i];
            if (batch != null) {
                BatchItem item = batch.get(ids[at]);
                files.add(item.fileName());
                ranks[at] = item.rank();
                scores[at] = Double.isNaN(item.score()) ? null : item.score();
            }
            at++;
        }
        return new Series(kind.name().toLowerCase(), name, totals[kind.ordinal()], n, x, y, ids, files, ranks, scores);
    }

    /** The rows are read in two short domain transactions; projecting the embeddings needs none. */
    private Scene scene(String slug, String roundParam) {
        Iterations.ProjectRounds read = iterations.rounds(slug);
        Iteration iteration = choose(read.project(), read.rounds(), roundParam)
                .orElseThrow(() -> ProblemException.conflict("round", "no embeddings yet: run an iteration first"));
        if (iteration.outputs.embeddings() == null)
            throw ProblemException.conflict("round", noEmbeddings(iteration));
        return new Scene(read.project(), iteration, pools.at(iteration));
    }

    /**
     * The round asked for, or else the latest round that has embeddings (the latest round at all if none has): empty
     * only when the project has no round yet.
     */
    private static Optional<Iteration> choose(Project project, List<Iteration> rounds, String roundParam) {
        if (roundParam == null || roundParam.isBlank()) {
            Optional<Iteration> latest = rounds.stream().filter(i -> i.outputs.embeddings() != null)
                    .max(Comparator.comparingInt(i -> i.round));
            return latest.isPresent() ? latest : rounds.stream().max(Comparator.comparingInt(i -> i.round));
        }
        int round;
        try {
            round = Integer.parseInt(roundParam.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("round", "not a round number: " + roundParam);
        }
        return Optional.of(rounds.stream().filter(i -> i.round == round).findFirst()
                .orElseThrow(() -> ProblemException.notFound("round", "project " + project.slug + " has no round " + round)));
    }

    private static String noEmbeddings(Iteration iteration) {
        return "no embeddings yet for round " + iteration.round + " (" + iteration.status
                + (iteration.step == null ? "" : ", step " + iteration.step) + "): they appear once its embed step is done";
    }
}
