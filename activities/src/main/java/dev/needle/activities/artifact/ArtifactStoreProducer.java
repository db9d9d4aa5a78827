package dev.needle.activities.artifact;

import dev.needle.activities.StorageConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

public class ArtifactStoreProducer {

  @Produces
  @Singleton
  ArtifactStore artifactStore(StorageConfig storage) {
    return new ArtifactStore(storage.artifacts());
  }
}
