package dev.sluice.operator.plan;

import dev.sluice.api.v1alpha1.PodTemplateMetadata;

/**
 * Argo Rollouts' ephemeral metadata: which role metadata each revision's pods carry once a pass is applied. The
 * revision the spec asks for carries the stable role's (stableMetadata, activeMetadata) once it is stable, or while
 * nothing is yet; until then the new role's (canaryMetadata, previewMetadata), also after an abort. The stable
 * revision carries the stable role's; every other revision none, so a role's labels leave with the role.
 */
final class RoleMetadata {
  private RoleMetadata() {
  }

  static void assign(Observation in, Draft draft, PodTemplateMetadata newRole, PodTemplateMetadata stableRole) {
    String desired = in.desiredHash();
    String stable = draft.status().stableRS;
    for (String hash : draft.revisionsAfter(in.revisions().keySet())) {
      PodTemplateMetadata role = null;
      if (hash.equals(desired)) {
        role = stable == null || stable.equals(desired) ? stableRole : newRole;
      } else if (hash.equals(stable)) {
        role = stableRole;
      }
      draft.add(new Action.SetRoleMetadata(hash, role));
    }
  }
}
