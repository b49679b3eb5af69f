package dev.sluice.operator.analysis;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;

/**
 * A fixed number of worker threads shared by namespaces so that none can take them all: at most
 * {@code perNamespace} jobs of one namespace run at once, at most {@code queuedPerNamespace} wait, and a free worker
 * takes the next job from the namespaces in turn (round-robin), not from the longest queue. A namespace whose jobs
 * all hang therefore holds {@code perNamespace} workers, and the others keep the rest.
 */
final class NamespaceFairExecutor {
  private final int threads;
  private final int perNamespace;
  private final int queuedPerNamespace;
  private final ExecutorService workers;
  /** Waiting jobs by namespace; iteration order is the turn order (a served namespace goes to the back). */
  private final Map<String, Deque<Runnable>> waiting = new LinkedHashMap<>();
  private final Map<String, Integer> running = new HashMap<>();
  private int runningTotal;
  private int queuedTotal;

  NamespaceFairExecutor(int threads, int perNamespace, int queuedPerNamespace, ThreadFactory threadFactory) {
    if (threads < 1 || perNamespace < 1 || queuedPerNamespace < 0) {
      throw new IllegalArgumentException("threads and perNamespace must be at least 1, queuedPerNamespace at least 0");
    }
    this.threads = threads;
    this.perNamespace = Math.min(perNamespace, threads);
    this.queuedPerNamespace = queuedPerNamespace;
    // Never given more jobs than it has threads, so its own queue stays empty: the waiting happens above.
    this.workers = Executors.newFixedThreadPool(threads, threadFactory);
  }

  /** Queues {@code job}; false (and nothing queued) when the namespace already has its maximum waiting. */
  synchronized boolean submit(String namespace, Runnable job) {
    Deque<Runnable> queue = waiting.get(namespace);
    int queued = queue == null ? 0 : queue.size();
    if (queued >= queuedPerNamespace && !canStart(namespace)) {
      return false;
    }
    if (queue == null) {
      queue = new ArrayDeque<>();
      waiting.put(namespace, queue);
    }
    queue.add(job);
    queuedTotal++;
    dispatch();
    return true;
  }

  synchronized int running() {
    return runningTotal;
  }

  synchronized int queued() {
    return queuedTotal;
  }

  void shutdownNow() {
    synchronized (this) {
      waiting.clear();
      queuedTotal = 0;
    }
    workers.shutdownNow();
  }

  private boolean canStart(String namespace) {
    return runningTotal < threads && running.getOrDefault(namespace, 0) < perNamespace;
  }

  /** Starts waiting jobs while workers are free, one namespace's turn at a time. Called with the lock held. */
  private void dispatch() {
    while (runningTotal < threads) {
      String next = null;
      for (Map.Entry<String, Deque<Runnable>> entry : waiting.entrySet()) {
        if (running.getOrDefault(entry.getKey(), 0) < perNamespace) {
          next = entry.getKey();
          break;
        }
      }
      if (next == null) {
        return;
      }
      Deque<Runnable> queue = waiting.remove(next);
      Runnable job = queue.poll();
      queuedTotal--;
      if (!queue.isEmpty()) {
        waiting.put(next, queue);
      }
      String namespace = next;
      running.merge(namespace, 1, Integer::sum);
      runningTotal++;
      try {
        workers.execute(() -> {
          try {
            job.run();
          } finally {
            finished(namespace);
          }
        });
      } catch (RejectedExecutionException e) {
        // Shut down: nothing runs any more.
        running.merge(namespace, -1, Integer::sum);
        runningTotal--;
        return;
      }
    }
  }

  private synchronized void finished(String namespace) {
    if (running.merge(namespace, -1, Integer::sum) <= 0) {
      running.remove(namespace);
    }
    runningTotal--;
    dispatch();
  }
}
