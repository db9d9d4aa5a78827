package dev.needle.workflows.messages.values;

/** Who trains the next model version (DESIGN.md §2, retrain trigger). */
public enum TrainerKind {
    /** The linear probe on embeddings, in Needle's own workers. */
    BUILTIN,
    /** The team's trainer behind an HTTP endpoint: Needle POSTs a manifest, the trainer reports back. */
    WEBHOOK,
    /** A Kubernetes Job made from a template; its pod reports back like a webhook trainer. */
    KUBERNETES
}
