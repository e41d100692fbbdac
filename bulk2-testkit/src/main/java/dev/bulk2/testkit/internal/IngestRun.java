package dev.bulk2.testkit.internal;

import dev.bulk2.csv.LineEnding;
import dev.bulk2.testkit.MalformedCsv;
import dev.bulk2.testkit.WrongValueCount;
import java.io.IOException;
import java.nio.file.Files;

/** The processing loop of an ingest job: header checks, internal batches, counters, terminal state. */
final class IngestRun {
    private static final System.Logger LOG = System.getLogger(IngestRun.class.getName());
    private final Engine e;
    private final IngestResults results;
    private final RecordDml dml;

    IngestRun(Engine e, IngestResults results, RecordDml dml) {
        this.e = e;
        this.results = results;
        this.dml = dml;
    }

    private void fail(Job j, String message) {
        synchronized (j) {
            j.errorMessage = message;
        }
        e.jobs.setState(j, "Failed");
    }

    void process(Job j) {
        long t0 = System.nanoTime();
        synchronized (j.resultsLock) {
            synchronized (j) {
                if (!"UploadComplete".equals(j.state)) {
                    return;
                }
            }
            e.jobs.setState(j, "InProgress");
            try {
                run(j);
            } catch (IOException | RuntimeException x) {
                LOG.log(System.Logger.Level.WARNING, "Processing job " + j.id + " failed", x);
                fail(j, "InternalServerError : " + x);
            } finally {
                synchronized (j) {
                    j.totalProcessingTime = (System.nanoTime() - t0) / 1_000_000;
                }
                e.jobs.progressed();
            }
        }
    }

    /** Prefix of the job error for malformed quoting (observed: "InvalidBatch : Failed to parse CSV. ..."). */
    static final String PARSE_PREFIX = "InvalidBatch : ";

    /** A line that is only a line break: skipped, not a record (unless the header has a single column). */
    static boolean isBlankLine(String[] row, int columns) {
        return row.length == 1 && row[0].isEmpty() && columns > 1;
    }

    /** The job error for a record with the wrong number of values under {@link WrongValueCount#FAIL_JOB} (a guess). */
    static String wrongValueCountMessage(int values, int columns, long line) {
        return PARSE_PREFIX + "Failed to parse CSV. The record on line " + line + " has " + values
                + " values but the header has " + columns + " columns";
    }

    /**
     * What the scan of a {@link MalformedCsv#REJECT_FILE} job looks for besides quoting and line endings.
     *
     * @param columns the header's column count
     */
    private UploadScan.MalformedCheck malformedCheck(int columns) {
        return new UploadScan.MalformedCheck(e.cfg.wrongValueCount == WrongValueCount.FAIL_JOB ? columns : -1);
    }

    static String lineEndingMessage(Job j) {
        return "ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is "
                + j.lineEnding.apiName();
    }

    private void run(Job j) throws IOException {
        ObjectStore s = e.store(j.object);
        if (j.dataFile == null) {
            results.ensureResults(j);
            fail(j, "InvalidBatch : No data was uploaded for this job. Upload CSV with PUT before closing the job");
            return;
        }
        if (j.dataBytes == 0) {
            // An empty (0-byte) upload completes with 0 records (issue 12; see docs/testkit.md, Fidelity notes).
            j.headerBytes = new byte[0];
            results.openWriters(j, new String[0]).close();
            j.unprocessedOffset = -1;
            publish(j, 0, 0);
            e.jobs.setState(j, "JobComplete");
            return;
        }
        boolean crlf = j.lineEnding == LineEnding.CRLF;
        try (CsvRowReader r = new CsvRowReader(Files.newInputStream(j.dataFile), j.columnDelimiter.character(), crlf)) {
            String[] header;
            try {
                header = r.next();
            } catch (CsvRowReader.ParseFailure x) {
                j.headerBytes = new byte[0];
                j.unprocessedOffset = 0;
                results.openWriters(j, new String[0]).close();
                fail(j, PARSE_PREFIX + x.getMessage());
                return;
            }
            if (header == null) {
                results.openWriters(j, new String[0]).close();
                fail(j, "InvalidBatch : The CSV file is empty; it needs a header row");
                return;
            }
            long headerEnd = r.position();
            j.headerBytes = IngestResults.readPrefix(j.dataFile, headerEnd);
            j.unprocessedOffset = headerEnd;
            IngestResults.ResultWriters w = results.openWriters(j, header);
            try {
                if (r.lineEndingMismatch()) {
                    fail(j, lineEndingMessage(j));
                    return;
                }
                HeaderColumns cols = HeaderColumns.map(e, s, header);
                if (cols.failure != null) {
                    fail(j, cols.failure);
                    return;
                }
                j.relationships = cols.relationships;
                int keyCol = -1;
                if (j.operation.equals("upsert")) {
                    int keySlot = s.slot(j.externalIdFieldName);
                    if (keySlot != s.idSlot) {
                        for (int i = 0; i < cols.slots.length; i++) {
                            if (cols.slots[i] == keySlot && (cols.relationships == null
                                    || cols.relationships[i] == null)) {
                                keyCol = i;
                            }
                        }
                    }
                }
                boolean rejectFile = e.cfg.malformedCsv == MalformedCsv.REJECT_FILE;
                if (keyCol >= 0 || rejectFile) {
                    UploadScan scan = UploadScan.scan(j, headerEnd, r.nextLine(), keyCol,
                            rejectFile ? malformedCheck(header.length) : null);
                    if (scan.failure != null) {
                        fail(j, scan.failure);
                        return;
                    }
                    j.duplicateKeys = scan.duplicateKeys;
                }
                loop(j, s, r, w, header, cols.slots);
            } finally {
                w.close();
            }
        }
    }

    private void loop(Job j, ObjectStore s, CsvRowReader r, IngestResults.ResultWriters w, String[] header, int[] slots)
            throws IOException {
        long failAt = e.faults.failJobAt(Math.max(0, j.approxRows - 1));
        long processed = 0;
        long failed = 0;
        int inBatch = 0;
        RecordDml.Outcome out = new RecordDml.Outcome();
        // the store lock is held per internal batch, as a real batch commits together
        s.lock().lock();
        try {
            while (true) {
                if ("Aborted".equals(j.state)) {
                    j.unprocessedOffset = r.position();
                    publish(j, processed, failed);
                    return;
                }
                long before = r.position();
                String[] row;
                try {
                    row = r.next();
                } catch (CsvRowReader.ParseFailure x) {
                    j.unprocessedOffset = before;
                    publish(j, processed, failed);
                    fail(j, PARSE_PREFIX + x.getMessage());
                    return;
                }
                if (row == null) {
                    break;
                }
                if (failAt >= 0 && processed >= failAt) {
                    j.unprocessedOffset = before;
                    publish(j, processed, failed);
                    fail(j, "InternalServerError : Batch failed after the maximum number of retries (20); "
                            + "the remaining records were not processed");
                    return;
                }
                if (r.lineEndingMismatch()) {
                    j.unprocessedOffset = before;
                    publish(j, processed, failed);
                    fail(j, lineEndingMessage(j));
                    return;
                }
                if (isBlankLine(row, header.length)) {
                    continue;
                }
                if (row.length != header.length && e.cfg.wrongValueCount == WrongValueCount.FAIL_JOB) {
                    j.unprocessedOffset = before;
                    publish(j, processed, failed);
                    fail(j, wrongValueCountMessage(row.length, header.length, r.recordLine()));
                    return;
                }
                // Salesforce cuts every job into batches of 10,000 records, whatever the emulator's batchSize
                if (processed % Allocations.RECORDS_PER_BULK_BATCH == 0 && !e.allocations.takeBulkBatch()) {
                    j.unprocessedOffset = before;
                    publish(j, processed, failed);
                    fail(j, Allocations.EXCEEDED_QUOTA);
                    return;
                }
                out.clear();
                if (r.rowError() != null) {
                    out.error = "INVALID_FIELD:Failed to parse CSV: " + r.rowError() + ":--";
                } else if (row.length != header.length) {
                    out.error = "INVALID_FIELD:The row has " + row.length + " values but the header has "
                            + header.length + " columns:--";
                } else {
                    dml.apply(j, s, slots, row, out);
                }
                processed++;
                if (out.error != null) {
                    failed++;
                    w.failure(out.id, out.error, row);
                } else {
                    w.success(out.id, out.created, row);
                }
                if (++inBatch == e.cfg.batchSize) {
                    inBatch = 0;
                    s.lock().unlock();
                    try {
                        w.ok.flush();
                        w.err.flush();
                        publish(j, processed, failed);
                        e.betweenBatches(j);
                    } catch (InterruptedException x) {
                        Thread.currentThread().interrupt();
                        return;
                    } finally {
                        s.lock().lock();
                    }
                }
            }
        } finally {
            s.lock().unlock();
        }
        j.unprocessedOffset = -1;
        publish(j, processed, failed);
        synchronized (j) {
            if (!"InProgress".equals(j.state)) {
                return;
            }
        }
        e.jobs.setState(j, "JobComplete");
    }

    private void publish(Job j, long processed, long failed) {
        synchronized (j) {
            j.processed = processed;
            j.failed = failed;
            j.modstampMillis = e.now();
        }
        e.jobs.progressed();
    }
}
