package dev.bulk2.core.internal.journal;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;

/**
 * What a query-export journal says happened: the job, the last page written (its locator, the next locator and
 * the output offset after it) and whether the export completed. O(1) memory: only the last page is kept.
 * Not thread-safe (read it before the export starts).
 */
public final class QueryResumeState {
    final Path path;
    final JournalHeader header;
    final ReplayOrder order;
    String jobId;
    JournalEntry.Page lastPage;
    long pages;
    long rows;
    JournalEntry.ExportComplete complete;

    QueryResumeState(Path path, JournalHeader header) {
        this.path = path;
        this.header = header;
        this.order = new ReplayOrder(path);
    }

    /** @return the journal's header */
    public JournalHeader header() {
        return header;
    }

    /** @return the request fields journaled when the export started */
    public Map<String, String> request() {
        return order.request == null ? Map.of() : Collections.unmodifiableMap(order.request);
    }

    /** @return the query job, if it was created */
    public Optional<String> jobId() {
        return Optional.ofNullable(jobId);
    }

    /** @return the last page written and forced to disk, if any */
    public Optional<JournalEntry.Page> lastPage() {
        return Optional.ofNullable(lastPage);
    }

    /**
     * Where the output must be truncated to before the export continues: the offset after the last complete page,
     * or 0 when no page was written.
     *
     * @return the output length to keep
     */
    public long outputOffset() {
        return lastPage == null ? 0 : lastPage.offset;
    }

    /**
     * The locator to continue from.
     *
     * @return the next page's locator; empty when no page was written (start with the first page) or after the
     *     last page
     */
    public Optional<String> nextLocator() {
        return lastPage == null ? Optional.empty() : Optional.ofNullable(lastPage.next);
    }

    /** @return whether every page was written (the last page had no next locator) */
    public boolean allPagesWritten() {
        return lastPage != null && lastPage.next == null;
    }

    /** @return pages written */
    public long pages() {
        return pages;
    }

    /** @return rows written */
    public long rows() {
        return rows;
    }

    /** @return whether the export completed */
    public boolean isComplete() {
        return complete != null;
    }

    /** @return the completion line, if any */
    public Optional<JournalEntry.ExportComplete> completion() {
        return Optional.ofNullable(complete);
    }

    /** @return how many times the journal was resumed before this open */
    public int resumes() {
        return order.resumes;
    }

    void apply(JournalCodec.Line line) {
        JournalEntry e = line.entry;
        long n = line.number;
        if (order.consume(e, n, complete != null, "exportComplete")) {
            return;
        }
        if (e instanceof JournalEntry.QueryJob) {
            if (jobId != null) {
                throw bad(n, "a second query job (" + ((JournalEntry.QueryJob) e).job + " after " + jobId + ")");
            }
            jobId = ((JournalEntry.QueryJob) e).job;
        } else if (e instanceof JournalEntry.Page) {
            JournalEntry.Page p = (JournalEntry.Page) e;
            if (jobId == null) {
                throw bad(n, "a page before the query job");
            }
            if (p.page != pages) {
                throw bad(n, "page " + p.page + " after " + pages + " page(s); pages are written in order");
            }
            if (lastPage != null && lastPage.next == null) {
                throw bad(n, "page " + p.page + " after the last page");
            }
            String expected = lastPage == null ? null : lastPage.next;
            if (!java.util.Objects.equals(expected, p.locator)) {
                throw bad(n, "page " + p.page + " was fetched with locator " + JournalErrors.show(p.locator)
                        + " but the page before it named " + JournalErrors.show(expected));
            }
            long before = lastPage == null ? 0 : lastPage.offset;
            if (p.offset < before || p.rows < 0) {
                throw bad(n, "page " + p.page + " ends at output offset " + p.offset + ", before " + before);
            }
            lastPage = p;
            pages++;
            rows += p.rows;
        } else if (e instanceof JournalEntry.ExportComplete) {
            JournalEntry.ExportComplete c = (JournalEntry.ExportComplete) e;
            if (!allPagesWritten() || c.pages != pages || c.rows != rows || c.bytes != outputOffset()) {
                throw bad(n, "exportComplete (" + c.pages + " pages, " + c.rows + " rows, " + c.bytes
                        + " bytes) does not match the pages journaled (" + pages + ", " + rows + ", "
                        + outputOffset() + (allPagesWritten() ? "" : ", last page not written") + ")");
            }
            complete = c;
        } else {
            throw bad(n, "'" + e.type() + "' does not belong in a query journal");
        }
    }

    private RuntimeException bad(long line, String what) {
        return JournalErrors.corrupt(path, line, what);
    }
}
