package dev.needle.activities.artifact;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.needle.activities.StorageConfig;

public class ArtifactStoreProducer {

    @Produces
    @Singleton
    ArtifactStore artifactStore(StorageConfig storage) {
        return new ArtifactStore(storage.artifacts());
    }
}
