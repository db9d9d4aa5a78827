package dev.needle.activities.embedding;

import java.util.Optional;

import dev.needle.activities.project.Project;

/**
 * The feature output of a project's current model, as an embedder: what a project that embeds with its model
 * ({@code "embedder": {"kind": "model"}}) embeds with. Implemented where trainers' models are loaded, so this package
 * needs nothing of theirs.
 */
public interface ModelFeatures {

    /** Empty until the project's trainer hands back a network with a feature output. */
    Optional<Embedder> of(Project project);
}
