package dev.bulk2.csv;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The lazy sequence of {@link CsvPart}s that {@link CsvChunker} produces.
 *
 * <p>The next part is read (and, for stream sources, spooled) only when {@link #hasNext()} or {@link #next()}
 * asks for it, so memory and disk hold one part in flight plus the parts not yet released. Malformed input
 * surfaces as a {@link CsvFormatException} from {@code hasNext()}/{@code next()} when the chunker reaches it;
 * parts returned before stay valid. It is its own {@link Iterable}: {@link #iterator()} returns this object, so it
 * can be iterated once.
 *
 * <p>{@link #close()} releases every part produced (deleting spool files) and closes files the chunker opened;
 * it does not close an {@code InputStream} given to {@link CsvChunker#split(java.io.InputStream)}. Use it in
 * try-with-resources. Not thread-safe: one thread iterates (parts themselves may then be used from any thread).
 */
public final class CsvParts implements Iterator<CsvPart>, Iterable<CsvPart>, AutoCloseable {

    /** Produces parts one at a time. */
    interface Producer {
        /** The next part, or null at the end. */
        CsvPart produce();

        /** Releases whatever the producer holds (input files, the spool in progress). */
        void close();
    }

    private final Producer producer;
    private final List<CsvPart> produced = new ArrayList<>();
    private CsvPart next;
    private boolean done;
    private boolean closed;

    CsvParts(Producer producer) {
        this.producer = producer;
    }

    /**
     * Whether another part follows; reads the input up to the end of that part.
     *
     * @return true if {@link #next()} will return a part
     * @throws CsvFormatException if the input is malformed
     * @throws CsvException if reading or spooling fails
     * @throws IllegalStateException if closed
     */
    @Override
    public boolean hasNext() {
        if (closed) {
            throw new IllegalStateException("CsvParts is closed");
        }
        if (next == null && !done) {
            try {
                next = producer.produce();
            } catch (RuntimeException e) {
                done = true;
                producer.close();
                throw e;
            }
            if (next == null) {
                done = true;
                producer.close();
            } else {
                produced.add(next);
            }
        }
        return next != null;
    }

    /**
     * The next part.
     *
     * @return the part
     * @throws NoSuchElementException if there are no more parts
     * @throws CsvFormatException if the input is malformed
     * @throws CsvException if reading or spooling fails
     */
    @Override
    public CsvPart next() {
        if (!hasNext()) {
            throw new NoSuchElementException("No more parts");
        }
        CsvPart part = next;
        next = null;
        return part;
    }

    /**
     * Returns this object: the parts can be iterated once.
     *
     * @return this
     */
    @Override
    public Iterator<CsvPart> iterator() {
        return this;
    }

    /**
     * The remaining parts as a sequential stream. Closing the stream does not close this object.
     *
     * @return a lazy stream of parts
     */
    public Stream<CsvPart> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this,
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /**
     * Reads all remaining parts into a list. Every part stays on disk (or in the source file) until released,
     * so prefer iterating for large inputs.
     *
     * @return the remaining parts, in order
     */
    public List<CsvPart> toList() {
        List<CsvPart> list = new ArrayList<>();
        while (hasNext()) {
            list.add(next());
        }
        return list;
    }

    /**
     * Releases every part produced so far (deleting spool files) and stops reading. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        done = true;
        next = null;
        producer.close();
        for (CsvPart part : produced) {
            part.release();
        }
        produced.clear();
    }

    @Override
    public String toString() {
        return "CsvParts{produced=" + produced.size() + (done ? ", done" : "") + (closed ? ", closed" : "") + '}';
    }
}
