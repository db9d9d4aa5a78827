package dev.needle.activities.dataset;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

@ApplicationScoped
public class SampleRepository implements PanacheRepository<Sample> {

    /** Every sample of the dataset in id order: the row order of its embedding matrix. */
    public List<Sample> inDataset(long datasetId) {
        return list("datasetId = ?1 order by id", datasetId);
    }

    public List<Sample> inSplit(long datasetId, Split split) {
        return list("datasetId = ?1 and split = ?2 order by id", datasetId, split);
    }

    public List<Sample> byPaths(long datasetId, Collection<String> paths) {
        return list("datasetId = ?1 and path in ?2", datasetId, paths);
    }
}
