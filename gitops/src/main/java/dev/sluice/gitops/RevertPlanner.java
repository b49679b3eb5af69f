package dev.sluice.gitops;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Decides, at one branch head, what to revert: nothing (already fixed), nothing (not identified with certainty),
 * the single release commit as a whole, or the lines that carry the bad values.
 */
final class RevertPlanner {

  sealed interface Plan permits Skip, NotIdentified, Revert {
  }

  /** The head no longer asks for the bad release. */
  record Skip(String message) implements Plan {
  }

  /** Not certain what to revert: change nothing. */
  record NotIdentified(String message) implements Plan {
  }

  /**
   * Identified. At least one of {@code wholeCommit} and {@code lines} is set; {@code wholeCommit} is preferred,
   * and checked after the revert ({@link #verify}) since a later commit may make its revert wrong.
   */
  record Revert(List<RevCommit> releaseCommits, RevCommit wholeCommit, String wholeCommitUnavailable,
      LineRevert lines, String linesUnavailable, List<Findings> atHead) implements Plan {
  }

  /** New content of the files the line-level revert changes. */
  record LineRevert(Map<String, byte[]> files, List<String> editedLines) {
  }

  private final GitRevertRequest request;
  private final ValueLocator locator;
  private final ReleaseHistory history;
  private final int depth;

  RevertPlanner(GitRevertRequest request, ReleaseHistory history, int depth) {
    this.request = request;
    this.locator = new ValueLocator(request.rolloutNamespace(), request.rolloutName());
    this.history = history;
    this.depth = depth;
  }

  Plan plan(RevCommit head) throws IOException {
    ManifestSnapshot snapshot = history.snapshot(head);
    List<ValueChange> changes = request.changes();
    List<Findings> atHead = changes.stream().map(c -> findings(snapshot, c)).toList();

    List<String> fixed = new ArrayList<>();
    List<String> neverFound = new ArrayList<>();
    for (int i = 0; i < changes.size(); i++) {
      ValueChange change = changes.get(i);
      if (asksForBad(change, atHead.get(i))) {
        continue;
      }
      RevCommit last = history.lastWhere(head, s -> asksForBad(change, findings(s, change)));
      if (last != null) {
        fixed.add(describe(change) + " (asked for until " + last.abbreviate(7).name() + ")");
      } else {
        neverFound.add(describe(change));
      }
    }
    if (!fixed.isEmpty()) {
      return new Skip("the head of " + request.branch() + " no longer asks for revision " + request.badRevision()
          + ": " + String.join("; ", fixed));
    }
    if (!neverFound.isEmpty()) {
      return new NotIdentified("not found under " + where() + " in the last " + depth + " commits of "
          + request.branch() + ": " + String.join("; ", neverFound));
    }
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < changes.size(); i++) {
      if (changes.get(i).bad() != null) {
        problems.addAll(atHead.get(i).problems());
      }
    }
    if (!problems.isEmpty()) {
      return new NotIdentified(String.join("; ", new LinkedHashSet<>(problems)));
    }

    Map<String, ReleaseHistory.Introduction> introductions =
        history.introductions(head, keys(snapshot), this::keys);
    List<RevCommit> releases = introductions.values().stream().map(ReleaseHistory.Introduction::commit)
        .filter(c -> c != null).distinct().sorted(Comparator.comparingInt(RevCommit::getCommitTime).reversed())
        .toList();
    boolean beyondDepth = introductions.values().stream().anyMatch(ReleaseHistory.Introduction::beyondDepth);

    RevCommit whole = null;
    String wholeUnavailable;
    if (beyondDepth) {
      wholeUnavailable = "part of the release is older than the last " + depth + " commits";
    } else if (releases.size() != 1) {
      wholeUnavailable = "the release spans " + releases.size() + " commits ("
          + releases.stream().map(c -> c.abbreviate(7).name()).collect(Collectors.joining(", ")) + ")";
    } else if (releases.get(0).getParentCount() != 1) {
      wholeUnavailable = "release commit " + releases.get(0).abbreviate(7).name() + " is a "
          + (releases.get(0).getParentCount() == 0 ? "root" : "merge") + " commit";
    } else {
      List<String> outside = history.changedPaths(releases.get(0)).stream().filter(p -> !underPath(p)).toList();
      if (outside.isEmpty()) {
        whole = releases.get(0);
        wholeUnavailable = null;
      } else {
        wholeUnavailable = "release commit " + releases.get(0).abbreviate(7).name() + " also changed "
            + outside.get(0) + (outside.size() > 1 ? " and " + (outside.size() - 1) + " more files" : "")
            + " outside " + where();
      }
    }

    LineRevert lines = null;
    String linesUnavailable = null;
    try {
      lines = lineRevert(snapshot, atHead);
      String wrong = verify(after(snapshot, lines), atHead);
      if (wrong != null) {
        throw new IllegalStateException("the line-level revert " + wrong);
      }
    } catch (Unavailable | IllegalStateException e) {
      lines = null;
      linesUnavailable = e.getMessage();
    }
    if (whole == null && lines == null) {
      return new NotIdentified("cannot revert the whole release commit (" + wholeUnavailable
          + ") nor only the lines of the bad values (" + linesUnavailable + ")");
    }
    return new Revert(releases, whole, wholeUnavailable, lines, linesUnavailable, atHead);
  }

  /**
   * Null when {@code after} asks for the stable values wherever {@code atHead} asked for the bad ones, asks for no
   * bad value, and still has every other object's use of a bad value; otherwise what is wrong.
   */
  String verify(ManifestSnapshot after, List<Findings> atHead) {
    for (Findings before : atHead) {
      ValueChange change = before.change();
      if (change.bad() == null) {
        if (!locator.locate(after, change.reversed()).asked()) {
          return "does not restore " + change.field() + ": " + change.stable();
        }
        continue;
      }
      Findings now = locator.locate(after, change);
      if (now.asked()) {
        return "still asks for " + change.bad() + " at " + now.owned().get(0).location();
      }
      Set<String> foreignBefore = foreign(before);
      if (!foreign(now).containsAll(foreignBefore)) {
        return "changes another object's " + change.bad();
      }
      if (change.stable() != null) {
        Set<String> stable = locator.locate(after, change.reversed()).ownedLocations();
        if (!stable.containsAll(before.ownedLocations())) {
          Set<String> missing = new HashSet<>(before.ownedLocations());
          missing.removeAll(stable);
          return "does not set " + change.stable() + " at " + missing.iterator().next();
        }
      }
    }
    return null;
  }

  private Findings findings(ManifestSnapshot snapshot, ValueChange change) {
    return locator.locate(snapshot, change.bad() != null ? change : change.reversed());
  }

  /** For a removal, the "bad" state is the stable value not being asked for. */
  private static boolean asksForBad(ValueChange change, Findings findings) {
    return change.bad() != null ? findings.asked() : !findings.asked();
  }

  /** Keys of the places asking for bad values, to follow them back through history. */
  private Set<String> keys(ManifestSnapshot snapshot) {
    Set<String> keys = new LinkedHashSet<>();
    List<ValueChange> changes = request.changes();
    for (int i = 0; i < changes.size(); i++) {
      ValueChange change = changes.get(i);
      Findings findings = findings(snapshot, change);
      if (change.bad() != null) {
        for (String location : findings.ownedLocations()) {
          keys.add(i + "|" + location);
        }
      } else if (!findings.asked()) {
        keys.add(i + "|removed");
      }
    }
    return keys;
  }

  private static final class Unavailable extends Exception {
    Unavailable(String message) {
      super(message);
    }
  }

  private LineRevert lineRevert(ManifestSnapshot snapshot, List<Findings> atHead) throws Unavailable {
    Map<String, List<ScalarEdit>> editsByFile = new LinkedHashMap<>();
    for (Findings findings : atHead) {
      ValueChange change = findings.change();
      if (!change.isModification()) {
        throw new Unavailable("the release " + (change.isAddition() ? "adds " : "removes ") + change.field());
      }
      for (Occurrence occurrence : findings.owned()) {
        if (occurrence.notEditable() != null) {
          throw new Unavailable(occurrence.notEditable());
        }
        editsByFile.computeIfAbsent(occurrence.file(), f -> new ArrayList<>()).addAll(occurrence.edits());
      }
    }
    Map<String, byte[]> files = new LinkedHashMap<>();
    List<String> edited = new ArrayList<>();
    for (Map.Entry<String, List<ScalarEdit>> entry : editsByFile.entrySet()) {
      ManifestFile file = snapshot.file(entry.getKey());
      files.put(entry.getKey(), ScalarEdit.apply(file, entry.getValue()));
      entry.getValue().stream().distinct().forEach(e -> edited.add(file.path() + ":" + e.line(file) + " "
          + e.oldRaw() + " -> " + e.newRaw()));
    }
    return new LineRevert(files, edited);
  }

  static ManifestSnapshot after(ManifestSnapshot before, LineRevert lines) {
    List<ManifestFile> files = new ArrayList<>();
    for (ManifestFile file : before.files()) {
      byte[] content = lines.files().get(file.path());
      files.add(content == null ? file : ManifestFile.read(file.path(), content));
    }
    return new ManifestSnapshot(files);
  }

  private static Set<String> foreign(Findings findings) {
    return findings.occurrences().stream().filter(o -> !o.owned()).map(Occurrence::location)
        .collect(Collectors.toSet());
  }

  private boolean underPath(String file) {
    return request.path().isEmpty() || file.equals(request.path()) || file.startsWith(request.path() + "/");
  }

  private String where() {
    return request.path().isEmpty() ? "the repository root" : request.path();
  }

  private static String describe(ValueChange change) {
    return change.bad() == null ? change.field() + " is set again" : change.field() + " = " + change.bad();
  }
}
