package dev.bulk2.testkit.internal;

import dev.bulk2.csv.LineEnding;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The three ingest result files: writing them in the job's dialect and serving them. */
final class IngestResults {
    private final Engine e;

    IngestResults(Engine e) {
        this.e = e;
    }

    void results(Http h, Job j, String kind) throws IOException {
        if (!j.isTerminal()) {
            h.error(400, "INVALIDJOBSTATE", "Job " + j.id + " is in state " + j.state
                    + "; results are available once it is JobComplete, Failed or Aborted");
            return;
        }
        Path file;
        byte[] prefix = new byte[0];
        long from = 0;
        synchronized (j.resultsLock) {
            ensureResults(j);
            if (kind.equals("successfulResults")) {
                file = j.successFile;
            } else if (kind.equals("failedResults")) {
                file = j.failedFile;
            } else {
                file = j.dataFile;
                prefix = j.headerBytes == null ? new byte[0] : j.headerBytes;
                from = j.unprocessedOffset;
            }
        }
        boolean drop = e.faults.dropDownload();
        long size = file == null || from < 0 ? 0 : Files.size(file) - from;
        long limit = drop ? (prefix.length + size) / 2 : Long.MAX_VALUE;
        OutputStream os = h.stream(200, "text/csv");
        long written = 0;
        int p = (int) Math.min(prefix.length, limit);
        os.write(prefix, 0, p);
        written += p;
        if (size > 0 && written < limit) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                ch.position(from);
                InputStream in = java.nio.channels.Channels.newInputStream(ch);
                byte[] b = new byte[65536];
                int n;
                while (written < limit && (n = in.read(b, 0, (int) Math.min(b.length, limit - written))) > 0) {
                    os.write(b, 0, n);
                    written += n;
                }
            }
        }
        if (drop) {
            os.flush();
            h.ex.getResponseBody().flush();
            throw new Engine.DropConnection();
        }
        os.close();
    }

    /** Writes header-only result files for jobs that never got to process rows. Call under resultsLock. */
    void ensureResults(Job j) throws IOException {
        if (j.successFile != null) {
            return;
        }
        String[] header = null;
        if (j.dataFile != null) {
            try (CsvRowReader r = new CsvRowReader(Files.newInputStream(j.dataFile), j.columnDelimiter.character(),
                    j.lineEnding == LineEnding.CRLF)) {
                header = r.next();
                if (header != null) {
                    j.headerBytes = readPrefix(j.dataFile, r.position());
                    j.unprocessedOffset = r.position();
                }
            } catch (CsvRowReader.ParseFailure x) {
                header = null;
                j.headerBytes = new byte[0];
                j.unprocessedOffset = 0;
            }
        }
        openWriters(j, header == null ? new String[0] : header).close();
    }

    static byte[] readPrefix(Path file, long n) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes((int) n);
        }
    }

    /** Creates both result files with headers; returns a closer for both writers. */
    ResultWriters openWriters(Job j, String[] header) throws IOException {
        j.successFile = Files.createTempFile(e.tempDir, j.id, ".ok.csv");
        j.failedFile = Files.createTempFile(e.tempDir, j.id, ".err.csv");
        ResultWriters w = new ResultWriters(j, header);
        return w;
    }

    /** Writers of successfulResults and failedResults in the job's dialect. */
    static final class ResultWriters implements java.io.Closeable {
        final Writer ok;
        final Writer err;
        final char d;
        final String le;
        final int columns;

        ResultWriters(Job j, String[] header) throws IOException {
            this.d = j.columnDelimiter.character();
            this.le = j.lineEnding.separator();
            this.columns = header.length;
            ok = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(j.successFile),
                    StandardCharsets.UTF_8), 65536);
            err = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(j.failedFile),
                    StandardCharsets.UTF_8), 65536);
            writeHead(ok, "sf__Created", header);
            writeHead(err, "sf__Error", header);
        }

        private void writeHead(Writer w, String second, String[] header) throws IOException {
            w.write("\"sf__Id\"");
            w.write(d);
            w.write('"' + second + '"');
            for (String h : header) {
                w.write(d);
                echo(w, h);
            }
            w.write(le);
        }

        void echo(Writer w, String v) throws IOException {
            boolean quote = false;
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c == d || c == '"' || c == '\n' || c == '\r') {
                    quote = true;
                    break;
                }
            }
            if (!quote) {
                w.write(v);
                return;
            }
            w.write('"');
            w.write(v.replace("\"", "\"\""));
            w.write('"');
        }

        private void quoted(Writer w, String v) throws IOException {
            w.write('"');
            w.write(v.replace("\"", "\"\""));
            w.write('"');
        }

        void success(String id, boolean created, String[] row) throws IOException {
            quoted(ok, id);
            ok.write(d);
            ok.write(created ? "\"true\"" : "\"false\"");
            rest(ok, row);
        }

        void failure(String id, String error, String[] row) throws IOException {
            quoted(err, id == null ? "" : id);
            err.write(d);
            quoted(err, error);
            rest(err, row);
        }

        private void rest(Writer w, String[] row) throws IOException {
            for (int i = 0; i < columns; i++) {
                w.write(d);
                echo(w, i < row.length ? row[i] : "");
            }
            w.write(le);
        }

        @Override
        public void close() throws IOException {
            try {
                ok.close();
            } finally {
                err.close();
            }
        }
    }
}
