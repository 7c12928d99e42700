package dev.abilock.maven;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Everything the verdict of {@code abilock:check} depends on, so that a check over the same state
 * can be skipped: every source file of the module (not only the handlers: a handler may take a
 * constant from any file), the compile class path, the manifest (its absence too), abilock's
 * version and jars, the JVM that runs javac, every processor option and the encoding, and what the
 * configured header and doc folders hold (the check writes them, so a deleted header must bring the
 * check back).
 *
 * <p>Sources, the manifest and the output folders are hashed whole on every build: they are what a
 * user edits, and they are small. The class path and abilock's own jars are hashed once (a jar by
 * its entries' names and contents, so that the same classes jarred again are the same) and then
 * recognised by their stat data (size, modification and change times, inode), as git's index and
 * Gradle's file hash cache do: a rewritten file gets a new change time or inode even when a tool
 * restores its modification time. A file whose times are within {@link #RACY} of the moment it was
 * hashed may still change within the file system's clock tick without a visible change, so its stat
 * data is not trusted (git's "racily clean" rule); it is hashed again next time.
 *
 * <p>The file is text: a format line; one line per fact ({@code kind value} or {@code kind digest
 * name}), the inputs, then {@code outputs} and the output folders' files; the stat cache ({@code
 * stat data digest name}), which is not part of the state; and {@code end} with the number of lines
 * in between. Any difference in the facts, or a file that is missing, truncated or of another
 * format, means a full check.
 */
final class CheckFingerprint {
  static final String FORMAT = "abilock check fingerprint 1";

  /** The folder and file under the module's build directory. */
  static final String LOCATION = "abilock/check.fingerprint";

  private static final String STAT = "stat";

  /**
   * How recent a file's times may be for its stat data to be trusted later; covers 2-second FAT and
   * 1-second HFS+ clocks.
   */
  private static final long RACY = TimeUnit.SECONDS.toNanos(3);

  /**
   * What a check reads.
   *
   * @param module the module's base directory: names inside it are written relative to it
   * @param sourceRoots the compile source roots that the check reads
   * @param sources every source file under them
   * @param classpath the compile class path, in order (javac takes the first class of a name)
   * @param manifest the manifest, present or not
   * @param outputs the configured header and doc folders, present or not
   * @param options the processor options
   * @param encoding the sources' encoding
   * @param abilockVersion the plugin's version
   * @param abilockJars the plugin's jar and its dependencies, which hold the processor
   */
  record Inputs(
      Path module,
      List<Path> sourceRoots,
      List<Path> sources,
      List<Path> classpath,
      Path manifest,
      List<Path> outputs,
      List<String> options,
      String encoding,
      String abilockVersion,
      List<Path> abilockJars) {}

  /** The facts, each a line: the state the verdict depends on. */
  private final List<String> facts;

  /** How many of {@link #facts} are inputs; the rest describe the output folders. */
  private final int inputs;

  /** The stat cache: a file outside the module, by name, with its stat data and digest. */
  private final Map<String, Stat> stats;

  private record Stat(String data, String digest) {}

  private CheckFingerprint(List<String> facts, int inputs, Map<String, Stat> stats) {
    this.facts = List.copyOf(facts);
    this.inputs = inputs;
    this.stats = Map.copyOf(stats);
  }

  /**
   * The fingerprint of {@code in} as it is now; {@code previous}'s stat cache spares hashing the
   * jars that did not change.
   */
  static CheckFingerprint of(Inputs in, CheckFingerprint previous) throws IOException {
    Facts f = new Facts(in.module(), previous);
    f.value(
        "java",
        Runtime.version()
            + " "
            + System.getProperty("java.vendor")
            + " "
            + System.getProperty("java.home"));
    f.value("abilock", in.abilockVersion());
    for (Path jar : in.abilockJars().stream().sorted().toList()) {
      f.classpath("abilock-jar", jar);
    }
    for (String option : in.options()) {
      f.value("option", option);
    }
    f.value("encoding", in.encoding());
    for (Path root : in.sourceRoots()) {
      f.value("source-root", f.name(root));
    }
    for (Path source : in.sources().stream().sorted(Comparator.comparing(f::name)).toList()) {
      f.file("source", source);
    }
    for (Path entry : in.classpath()) {
      f.classpath("classpath", entry);
    }
    f.file("manifest", in.manifest());
    int inputs = f.facts.size();
    f.outputs(in.outputs());
    return new CheckFingerprint(f.facts, inputs, f.stats);
  }

  /**
   * This fingerprint with the output folders as they are now: after a check that may have written
   * them.
   */
  CheckFingerprint withOutputsNow(Inputs in) throws IOException {
    Facts f = new Facts(in.module(), this);
    f.facts.addAll(facts.subList(0, inputs));
    f.stats.putAll(stats);
    f.outputs(in.outputs());
    return new CheckFingerprint(f.facts, inputs, f.stats);
  }

  /** Whether the verdict over this state is the one recorded in {@code other}. */
  boolean sameStateAs(CheckFingerprint other) {
    return !facts.isEmpty() && facts.equals(other.facts);
  }

  /**
   * Whether writing this fingerprint would teach the stat cache something {@code other} does not
   * hold.
   */
  boolean knowsMoreThan(CheckFingerprint other) {
    return !stats.equals(other.stats);
  }

  /**
   * The fingerprint in {@code file}; an empty one, which matches nothing, if it is missing or
   * unreadable.
   */
  static CheckFingerprint read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) { // missing, or not UTF-8: either way a full check
      return empty();
    }
    if (lines.isEmpty()
        || !lines.get(0).equals(FORMAT)
        || !lines.get(lines.size() - 1).equals("end " + (lines.size() - 2))) {
      return empty();
    }
    List<String> facts = new ArrayList<>();
    Map<String, Stat> stats = new LinkedHashMap<>();
    int inputs = -1;
    for (String line : lines.subList(1, lines.size() - 1)) {
      if (line.equals("outputs")) {
        inputs = facts.size();
      } else if (line.startsWith(STAT + " ")) {
        String[] parts = line.split(" ", 4);
        if (parts.length < 4) {
          return empty();
        }
        stats.put(parts[3], new Stat(parts[1], parts[2]));
      } else {
        facts.add(line);
      }
    }
    return inputs < 0 ? empty() : new CheckFingerprint(facts, inputs, stats);
  }

  /**
   * Writes this fingerprint to {@code file} atomically: a reader sees the old file or the new one.
   */
  void write(Path file) throws IOException {
    StringBuilder text = new StringBuilder(FORMAT).append('\n');
    int lines = 0;
    for (int i = 0; i < facts.size(); i++) {
      if (i == inputs) {
        text.append("outputs\n");
        lines++;
      }
      text.append(facts.get(i)).append('\n');
      lines++;
    }
    if (inputs == facts.size()) {
      text.append("outputs\n");
      lines++;
    }
    for (Map.Entry<String, Stat> s :
        stats.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
      text.append(STAT)
          .append(' ')
          .append(s.getValue().data())
          .append(' ')
          .append(s.getValue().digest())
          .append(' ')
          .append(s.getKey())
          .append('\n');
      lines++;
    }
    text.append("end ").append(lines).append('\n');
    Files.createDirectories(file.getParent());
    Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
    try {
      Files.writeString(temporary, text, StandardCharsets.UTF_8);
      try {
        Files.move(
            temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static CheckFingerprint empty() {
    return new CheckFingerprint(List.of(), 0, Map.of());
  }

  /** Collects the facts of one fingerprint. */
  private static final class Facts {
    private final Path module;
    private final Map<String, Stat> previous;
    private final List<String> facts = new ArrayList<>();
    private final Map<String, Stat> stats = new LinkedHashMap<>();
    private final long trustedBefore =
        TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()) - RACY;
    private final MessageDigest sha256;

    Facts(Path module, CheckFingerprint previous) {
      this.module = module.toAbsolutePath().normalize();
      this.previous = previous.stats;
      sha256 = newSha256();
    }

    private static MessageDigest newSha256() {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JVM has SHA-256", e);
      }
    }

    void value(String kind, String value) {
      facts.add(kind + " " + escape(value));
    }

    /** A file, hashed whole; {@code absent} is a state too. */
    void file(String kind, Path file) throws IOException {
      facts.add(kind + " " + contentDigest(file) + " " + name(file));
    }

    /** A class path entry: a jar, a folder of classes, or nothing. */
    void classpath(String kind, Path entry) throws IOException {
      if (Files.isDirectory(entry)) {
        facts.add(kind + " folder " + name(entry));
        for (Path file : tree(entry)) {
          facts.add(kind + "-file " + cachedDigest(file) + " " + name(file));
        }
      } else {
        facts.add(kind + " " + cachedDigest(entry) + " " + name(entry));
      }
    }

    /** The output folders: every file in them, or that one is absent. */
    void outputs(List<Path> folders) throws IOException {
      for (Path folder : folders) {
        if (!Files.isDirectory(folder)) {
          facts.add("output absent " + name(folder));
          continue;
        }
        facts.add("output folder " + name(folder));
        for (Path file : tree(folder)) {
          facts.add("output-file " + contentDigest(file) + " " + name(file));
        }
      }
    }

    /** A name that does not depend on where the module is checked out, where it is inside it. */
    String name(Path path) {
      Path p = path.toAbsolutePath().normalize();
      String name = p.startsWith(module) ? module.relativize(p).toString() : p.toString();
      return escape(name.replace(p.getFileSystem().getSeparator(), "/"));
    }

    private List<Path> tree(Path folder) throws IOException {
      try (Stream<Path> walk = Files.walk(folder)) {
        return walk.filter(Files::isRegularFile).sorted(Comparator.comparing(this::name)).toList();
      }
    }

    private String contentDigest(Path file) throws IOException {
      try (InputStream in = Files.newInputStream(file)) {
        return HexFormat.of().formatHex(digest(in));
      } catch (NoSuchFileException e) {
        return "absent";
      }
    }

    private byte[] digest(InputStream in) throws IOException {
      byte[] buffer = new byte[65536];
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha256.update(buffer, 0, n);
      }
      return sha256.digest();
    }

    /**
     * What javac reads from a jar: each entry's name and content, in name order, leaving out the
     * times and order of the entries, which a rebuild of the same classes changes. A file that is
     * not a zip is hashed whole.
     */
    private String entriesDigest(Path file) throws IOException {
      try (ZipFile zip = new ZipFile(file.toFile())) {
        MessageDigest jar = newSha256();
        for (ZipEntry entry :
            zip.stream().sorted(Comparator.comparing(ZipEntry::getName)).toList()) {
          byte[] name = entry.getName().getBytes(StandardCharsets.UTF_8);
          jar.update(ByteBuffer.allocate(4).putInt(name.length).array());
          jar.update(name);
          try (InputStream in = zip.getInputStream(entry)) {
            jar.update(digest(in));
          }
        }
        return HexFormat.of().formatHex(jar.digest());
      } catch (ZipException e) {
        return contentDigest(file);
      }
    }

    /**
     * The digest of a file outside the module, taken from the stat cache when its stat data did not
     * change.
     */
    private String cachedDigest(Path file) throws IOException {
      String name = name(file);
      String data = statData(file);
      if (data == null) {
        return "absent";
      }
      Stat known = previous.get(name);
      String digest =
          known != null && known.data().equals(data) ? known.digest() : entriesDigest(file);
      if (!data.endsWith("racy")) {
        stats.put(name, new Stat(data, digest));
      }
      return digest;
    }

    /**
     * Size, modification and change times and inode, joined by commas; {@code racy} at the end when
     * too recent to trust.
     */
    private String statData(Path file) throws IOException {
      Map<String, Object> a;
      try {
        a = Files.readAttributes(file, "unix:size,lastModifiedTime,ctime,ino");
      } catch (UnsupportedOperationException
          | IllegalArgumentException e) { // not a Unix file system
        a = Files.readAttributes(file, "size,lastModifiedTime,creationTime,fileKey");
      } catch (NoSuchFileException e) {
        return null;
      }
      StringBuilder data = new StringBuilder();
      boolean racy = false;
      for (String key : a.keySet().stream().sorted().toList()) {
        Object value = a.get(key);
        if (value instanceof FileTime time) {
          long nanos = time.to(TimeUnit.NANOSECONDS);
          racy |= nanos >= trustedBefore && !key.equals("creationTime");
          value = nanos;
        }
        data.append(data.isEmpty() ? "" : ",").append(value);
      }
      return data.toString().replace(' ', '_') + (racy ? ",racy" : "");
    }

    private static String escape(String text) {
      return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }
  }
}
