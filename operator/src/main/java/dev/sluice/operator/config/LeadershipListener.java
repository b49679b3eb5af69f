package dev.sluice.operator.config;

/** Hears that this replica has just become the leader; must return at once (it runs on the leader elector's thread). */
public interface LeadershipListener {
  void leadershipStarted();
}
