package dev.sluice.api.v1alpha1;

/** The rollout's overall state, as in Argo Rollouts. */
public enum RolloutPhase { Healthy, Progressing, Paused, Degraded }
