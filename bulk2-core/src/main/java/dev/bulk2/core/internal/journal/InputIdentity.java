package dev.bulk2.core.internal.journal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a journal's input is: for a file, its size and SHA-256 (one streamed scan); for a stream, rows or a
 * {@code Stream<T>}, a key the caller supplies (the re-supplied source is then verified part by part against the
 * journaled part hashes, see {@link PartCheck}). The file name is written for information and never compared (a
 * moved file is the same input). Immutable.
 */
public final class InputIdentity {
    /** How the input is identified. */
    public enum Type {
        /** A file: size and SHA-256 are compared. */
        FILE("file"),
        /** A stream or rows: the caller's key is compared. */
        KEY("key");

        final String wire;

        Type(String wire) {
            this.wire = wire;
        }

        static Type ofWire(String s) {
            for (Type t : values()) {
                if (t.wire.equals(s)) {
                    return t;
                }
            }
            return null;
        }
    }

    private final Type type;
    private final long size;
    private final String sha256;
    private final String key;
    private final String name;

    private InputIdentity(Type type, long size, String sha256, String key, String name) {
        this.type = type;
        this.size = size;
        this.sha256 = sha256;
        this.key = key;
        this.name = name;
    }

    /**
     * The identity of a file: its size and SHA-256, taken in one streamed scan.
     *
     * @param file the input file
     * @return the identity
     * @throws IOException if the file cannot be read
     */
    public static InputIdentity ofFile(Path file) throws IOException {
        Sha256.FileDigest d = Sha256.file(file);
        return new InputIdentity(Type.FILE, d.size, d.sha256, null, file.toAbsolutePath().toString());
    }

    /**
     * The identity of a file whose size and hash are already known.
     *
     * @param size the size in bytes
     * @param sha256 lower-case hex SHA-256
     * @param name the file name, for information only, or {@code null}
     * @return the identity
     */
    public static InputIdentity ofFile(long size, String sha256, String name) {
        if (size < 0) {
            throw new IllegalArgumentException("size < 0");
        }
        return new InputIdentity(Type.FILE, size, Objects.requireNonNull(sha256, "sha256"), null, name);
    }

    /**
     * The identity of a stream or rows: a key the caller chooses (for example the export's file name and date).
     *
     * @param key the key, not blank
     * @return the identity
     */
    public static InputIdentity ofKey(String key) {
        if (Objects.requireNonNull(key, "key").isBlank()) {
            throw new IllegalArgumentException("The input key must not be blank");
        }
        return new InputIdentity(Type.KEY, -1, null, key, null);
    }

    /** @return how the input is identified */
    public Type type() {
        return type;
    }

    /** @return the file size, or -1 for a key */
    public long size() {
        return size;
    }

    /** @return the file's SHA-256 hex, or {@code null} for a key */
    public String sha256() {
        return sha256;
    }

    /** @return the caller's key, or {@code null} for a file */
    public String key() {
        return key;
    }

    /** @return the file name written for information, or {@code null} */
    public String name() {
        return name;
    }

    /**
     * Throws when {@code now} is not the input this journaled identity describes.
     *
     * @param journal the journal, for the message
     * @param now the identity of the input supplied now
     * @throws dev.bulk2.core.exception.JournalException {@code INPUT_MISMATCH} naming the field that differs
     */
    void check(Path journal, InputIdentity now) {
        if (type != now.type) {
            throw JournalErrors.inputMismatch(journal, "input type", type.wire, now.type.wire,
                    type == Type.FILE ? "the journal was written for a file, now the input is a stream or rows"
                            : "the journal was written for a stream or rows, now the input is a file");
        }
        if (type == Type.KEY) {
            if (!key.equals(now.key)) {
                throw JournalErrors.inputMismatch(journal, "input key", key, now.key, null);
            }
            return;
        }
        String detail = "the file " + (now.name == null ? "" : now.name + " ") + "is not the one the journal was "
                + "written for" + (name == null ? "" : " (" + name + ")");
        if (size != now.size) {
            throw JournalErrors.inputMismatch(journal, "input size", Long.toString(size), Long.toString(now.size),
                    detail);
        }
        if (!sha256.equals(now.sha256)) {
            throw JournalErrors.inputMismatch(journal, "input sha256", sha256, now.sha256, detail);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof InputIdentity)) {
            return false;
        }
        InputIdentity i = (InputIdentity) o;
        return type == i.type && size == i.size && Objects.equals(sha256, i.sha256) && Objects.equals(key, i.key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, size, sha256, key);
    }

    @Override
    public String toString() {
        return type == Type.FILE ? "file{size=" + size + ", sha256=" + sha256 + (name == null ? "" : ", " + name)
                + "}" : "key{" + key + "}";
    }
}
