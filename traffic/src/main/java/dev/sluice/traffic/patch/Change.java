package dev.sluice.traffic.patch;

/**
 * A change a router plans on one object: a patch to an object that must exist ({@link ObjectChange}), or an object
 * Sluice creates, keeps as desired and deletes itself ({@link OwnedObjectChange}).
 */
public sealed interface Change permits ObjectChange, OwnedObjectChange {
}
