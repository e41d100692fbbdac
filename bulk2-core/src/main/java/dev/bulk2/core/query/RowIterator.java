package dev.bulk2.core.query;

import dev.bulk2.core.JobInfo;
import dev.bulk2.core.exception.BulkException;
import dev.bulk2.csv.internal.RawRecord;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Rows of all pages in result order, parsed lazily from the downloaded pages. Package-private; not thread-safe.
 */
final class RowIterator implements Iterator<Map<String, String>>, AutoCloseable {
    private final QueryRun run;
    private final JobInfo job;
    private final char delimiter;
    private PageSource source;
    private DownloadedPage page;
    private InputStream in;
    private CsvRecordReader reader;
    private RowMap.Columns columns;
    private RowMap next;
    private long delivered;
    private long pageRows;
    private boolean done;
    private boolean closed;

    RowIterator(QueryRun run, JobInfo job) {
        this.run = run;
        this.job = job;
        this.delimiter = run.delimiter(job);
    }

    long delivered() {
        return delivered;
    }

    boolean isDone() {
        return done;
    }

    /** Loads the first page (so that the columns are known). */
    void prime() {
        hasNext();
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (done) {
            return false;
        }
        if (closed) {
            throw new IllegalStateException("The query rows were closed");
        }
        try {
            while (true) {
                if (reader == null) {
                    if (source == null) {
                        source = run.pages(job);
                    }
                    page = source.next();
                    if (page == null) {
                        done = true;
                        closeQuietly();
                        return false;
                    }
                    in = page.open();
                    reader = new CsvRecordReader(in, delimiter);
                    String[] header = reader.next();
                    if (header == null) {
                        endPage();
                        continue;
                    }
                    columns = run.header(page, header);
                    pageRows = 0;
                }
                RawRecord values = reader.nextRaw();
                if (values == null) {
                    if (pageRows != page.rows) {
                        throw new BulkException("Page " + (page.index + 1) + " of query job " + job.id() + " parsed "
                                + "into " + pageRows + " rows but holds " + page.rows + " records; the CSV is "
                                + "malformed. Run the query again.");
                    }
                    endPage();
                    continue;
                }
                if (values.size() != columns.names.length) {
                    throw new BulkException("Row " + (reader.recordNumber() - 1) + " of page " + (page.index + 1)
                            + " of query job " + job.id() + " has " + values.size() + " values but the header has "
                            + columns.names.length + " columns; the CSV is malformed. Run the query again.");
                }
                pageRows++;
                next = new RowMap(columns, values);
                return true;
            }
        } catch (CsvRecordReader.MalformedPageException e) {
            String where = page == null ? "A page" : "Page " + (page.index + 1);
            closeQuietly();
            throw new BulkException(where + " of query job " + job.id() + " is malformed CSV: " + e.getMessage()
                    + ". Run the query again.", e);
        } catch (IOException e) {
            closeQuietly();
            throw new BulkException("Reading the downloaded results of query job " + job.id() + " failed: " + e, e);
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    private void endPage() throws IOException {
        in.close();
        in = null;
        reader = null;
        run.release(page);
        page = null;
    }

    @Override
    public Map<String, String> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        RowMap r = next;
        next = null;
        delivered++;
        return r;
    }

    private void closeQuietly() {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // releasing anyway
            }
            in = null;
        }
        if (page != null) {
            run.release(page);
            page = null;
        }
        reader = null;
        if (source != null) {
            source.close();
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            closeQuietly();
        }
    }
}
