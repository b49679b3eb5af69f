package dev.sluice.operator.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.evaluation.TakenMeasurement;
import dev.sluice.api.v1alpha1.Metric;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AnalysisMeasurementsTest {
  private final AnalysisMeasurements measurements = new AnalysisMeasurements(2, 1, 1, Clock.systemUTC());
  private final AnalysisMeasurements.RunRef run = new AnalysisMeasurements.RunRef("team-a", "web-1", "uid-1");

  @AfterEach
  void stop() {
    measurements.stop();
  }

  private static Metric metric(String name) {
    Metric metric = new Metric();
    metric.name = name;
    return metric;
  }

  @Test
  void aMeasurementInFlightIsNotStartedTwiceAndIsCollectedOnce() throws Exception {
    CountDownLatch answer = new CountDownLatch(1);
    AtomicInteger queries = new AtomicInteger();
    Semaphore woken = new Semaphore(0);
    Runnable wake = woken::release;
    var source = (dev.sluice.analysis.MeasurementSource) m -> {
      queries.incrementAndGet();
      try {
        answer.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return MeasurementOutcome.failure("no answer");
    };
    assertThat(measurements.start(run, metric("errors"), source, wake)).isEqualTo(AnalysisMeasurements.Start.STARTED);
    assertThat(measurements.start(run, metric("errors"), source, wake)).isEqualTo(AnalysisMeasurements.Start.IN_FLIGHT);
    assertThat(measurements.finished("uid-1")).isEmpty();

    answer.countDown();
    assertThat(woken.tryAcquire(5, TimeUnit.SECONDS)).as("the run is woken").isTrue();
    List<TakenMeasurement> taken = measurements.finished("uid-1");
    assertThat(taken).singleElement().satisfies(t -> assertThat(t.metricName()).isEqualTo("errors"));
    assertThat(measurements.start(run, metric("errors"), source, wake))
        .as("taken but not yet recorded: still not started again").isEqualTo(AnalysisMeasurements.Start.IN_FLIGHT);

    measurements.forget("uid-1", taken);
    assertThat(measurements.finished("uid-1")).isEmpty();
    assertThat(measurements.start(run, metric("errors"), source, wake)).isEqualTo(AnalysisMeasurements.Start.STARTED);
    assertThat(woken.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
    assertThat(queries.get()).isEqualTo(2);
  }

  @Test
  void aFullNamespaceQueueRefusesAndForgetsTheAttempt() {
    CountDownLatch never = new CountDownLatch(1);
    var hanging = (dev.sluice.analysis.MeasurementSource) m -> {
      try {
        never.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return MeasurementOutcome.failure("interrupted");
    };
    assertThat(measurements.start(run, metric("a"), hanging, () -> { })).isEqualTo(AnalysisMeasurements.Start.STARTED);
    assertThat(measurements.start(run, metric("b"), hanging, () -> { })).isEqualTo(AnalysisMeasurements.Start.STARTED);
    assertThat(measurements.start(run, metric("c"), hanging, () -> { })).isEqualTo(AnalysisMeasurements.Start.REFUSED);
    assertThat(measurements.running()).isEqualTo(1);
    assertThat(measurements.queued()).isEqualTo(1);
    assertThat(measurements.start(run, metric("c"), hanging, () -> { }))
        .as("a refused measurement is not taken for in flight").isEqualTo(AnalysisMeasurements.Start.REFUSED);
  }

  @Test
  void aSourceThatThrowsIsRetriedAsAWholeReconcile() throws Exception {
    Semaphore woken = new Semaphore(0);
    measurements.start(run, metric("errors"), m -> {
      throw new IllegalStateException("API server unreachable");
    }, woken::release);
    assertThat(woken.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(() -> measurements.finished("uid-1")).hasMessage("API server unreachable");
    assertThat(measurements.finished("uid-1")).isEmpty();
  }

  @Test
  void aPendingMeasurementIsNeverRecordedAndIsAskedAgainWhenItsRecheckIsDue() throws Exception {
    MutableClock clock = new MutableClock();
    AnalysisMeasurements timed = new AnalysisMeasurements(1, 1, 1, clock);
    try {
      AtomicInteger asked = new AtomicInteger();
      Semaphore woken = new Semaphore(0);
      var source = (dev.sluice.analysis.MeasurementSource) m -> asked.incrementAndGet() < 2
          ? new MeasurementOutcome.Pending(java.time.Duration.ofSeconds(5))
          : new MeasurementOutcome.Decided(true, "Succeeded", null);
      assertThat(timed.start(run, metric("job"), source, woken::release)).isEqualTo(AnalysisMeasurements.Start.STARTED);
      assertThat(woken.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
      assertThat(timed.finished("uid-1")).as("pending: nothing to record").isEmpty();
      assertThat(timed.start(run, metric("job"), source, woken::release)).isEqualTo(AnalysisMeasurements.Start.WAITING);
      assertThat(timed.recheckIn("uid-1", "job")).isEqualTo(java.time.Duration.ofSeconds(5));

      clock.now = clock.now.plusSeconds(5);
      assertThat(timed.recheckIn("uid-1", "job")).isZero();
      assertThat(timed.start(run, metric("job"), source, woken::release)).isEqualTo(AnalysisMeasurements.Start.STARTED);
      assertThat(woken.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
      assertThat(timed.finished("uid-1")).singleElement()
          .satisfies(t -> assertThat(t.outcome()).isInstanceOf(MeasurementOutcome.Decided.class));
      assertThat(asked.get()).isEqualTo(2);
    } finally {
      timed.stop();
    }
  }

  @Test
  void theCacheIsNeverTakenAsBehindForLongerThanItsLag() {
    MutableClock clock = new MutableClock();
    AnalysisMeasurements timed = new AnalysisMeasurements(1, 1, 1, clock);
    try {
      timed.wrote("uid-1", "100");
      clock.now = clock.now.plus(AnalysisMeasurements.CACHE_LAG);
      assertThat(timed.behind("uid-1", "100")).as("a no-op write keeps the version; the run must go on").isFalse();
    } finally {
      timed.stop();
    }
  }

  @Test
  void aFinishedMeasurementWaitsForTheOneBesideItAtMostTheGrace() throws Exception {
    MutableClock clock = new MutableClock();
    AnalysisMeasurements timed = new AnalysisMeasurements(2, 2, 2, clock);
    try {
      CountDownLatch slowAnswers = new CountDownLatch(1);
      Semaphore woken = new Semaphore(0);
      timed.start(run, metric("fast"), m -> MeasurementOutcome.failure("ok is false"), woken::release);
      timed.start(run, metric("slow"), m -> {
        try {
          slowAnswers.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return MeasurementOutcome.failure("ok is false");
      }, woken::release);
      assertThat(woken.tryAcquire(5, TimeUnit.SECONDS)).as("the fast one is back").isTrue();
      java.time.Duration grace = java.time.Duration.ofSeconds(5);
      assertThat(timed.waitForOthers("uid-1", grace)).as("the slow one is still being taken").isEqualTo(grace);

      clock.now = clock.now.plusSeconds(3);
      assertThat(timed.waitForOthers("uid-1", grace)).isEqualTo(java.time.Duration.ofSeconds(2));
      clock.now = clock.now.plusSeconds(2);
      assertThat(timed.waitForOthers("uid-1", grace)).as("the grace is spent: a failure is not held longer").isZero();

      slowAnswers.countDown();
      assertThat(woken.tryAcquire(5, TimeUnit.SECONDS)).as("the slow one is back").isTrue();
      assertThat(timed.waitForOthers("uid-1", grace)).as("nothing left to wait for").isZero();
      assertThat(timed.finished("uid-1")).extracting(TakenMeasurement::metricName)
          .containsExactlyInAnyOrder("fast", "slow");
    } finally {
      timed.stop();
    }
  }

  @Test
  void nothingIsWaitedForWhenNothingElseIsBeingTaken() throws Exception {
    Semaphore woken = new Semaphore(0);
    assertThat(measurements.waitForOthers("uid-1", java.time.Duration.ofSeconds(5))).as("no measurement at all").isZero();
    measurements.start(run, metric("only"), m -> MeasurementOutcome.failure("ok is false"), woken::release);
    assertThat(woken.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
    assertThat(measurements.waitForOthers("uid-1", java.time.Duration.ofSeconds(5))).isZero();
  }

  private static final class MutableClock extends Clock {
    java.time.Instant now = java.time.Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public java.time.Instant instant() {
      return now;
    }
  }

  @Test
  void theCacheIsBehindOnlyWhileItShowsTheVersionOurWriteReplaced() {
    measurements.wrote("uid-1", "100");
    assertThat(measurements.behind("uid-1", "100")).isTrue();
    assertThat(measurements.behind("uid-1", "101")).isFalse();
    assertThat(measurements.behind("uid-1", "100")).as("once caught up, never behind again").isFalse();
    assertThat(measurements.behind("uid-2", "100")).isFalse();
  }
}
