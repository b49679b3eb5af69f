-- Argo CD health check for sluice.dev/Rollout.
-- Install it under resource.customizations.health.sluice.dev_Rollout in argocd-cm (see argocd-cm.yaml).
-- Reads what the Sluice controller writes: status.phase (Healthy, Progressing, Paused, Degraded),
-- status.observedGeneration and the conditions InvalidSpec and Stalled.
local hs = {}

local function condition(status, kind)
  if status.conditions == nil then
    return nil
  end
  for _, c in ipairs(status.conditions) do
    if c.type == kind then
      return c
    end
  end
  return nil
end

local function text(message, fallback)
  if message ~= nil and message ~= "" then
    return message
  end
  return fallback
end

local status = obj.status
if status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the Sluice controller to reconcile the rollout"
  return hs
end

-- A status written for an older spec says nothing about the current one.
if obj.metadata.generation ~= nil and status.observedGeneration ~= nil
    and status.observedGeneration < obj.metadata.generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the Sluice controller to observe generation " .. obj.metadata.generation
  return hs
end

local invalid = condition(status, "InvalidSpec")
if invalid ~= nil and invalid.status == "True" then
  hs.status = "Degraded"
  hs.message = text(invalid.message, "InvalidSpec")
  return hs
end

local stalled = condition(status, "Stalled")
if stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = text(status.message, text(stalled.message, "Rollout is stalled"))
  return hs
end

if status.phase == "Degraded" then
  hs.status = "Degraded"
  hs.message = text(status.message, "Rollout is degraded")
  return hs
end

if status.phase == "Paused" then
  -- Argo CD's Suspended: waiting for a timed pause or for someone to promote (kubectl sluice promote).
  hs.status = "Suspended"
  hs.message = text(status.message, "Rollout is paused")
  return hs
end

if status.phase == "Healthy" then
  hs.status = "Healthy"
  hs.message = text(status.message, "Rollout is healthy")
  return hs
end

hs.status = "Progressing"
hs.message = text(status.message, "Rollout is progressing")
return hs
