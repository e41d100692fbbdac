package dev.bulk2.core.ingest;

import dev.bulk2.core.exception.LocalIoException;
import dev.bulk2.csv.ColumnDelimiter;
import dev.bulk2.csv.CsvDialect;
import dev.bulk2.csv.CsvMapping;
import dev.bulk2.csv.CsvRowWriter;
import dev.bulk2.csv.LineEnding;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/** Writes an {@link IngestResult}'s chosen {@link ResultFile}s, streaming from Salesforce. */
final class ResultFileWriter {
    private ResultFileWriter() {
    }

    static Map<String, Long> write(IngestResult result, Path directory, Set<ResultFile> files) {
        Objects.requireNonNull(directory, "directory");
        if (files.isEmpty()) {
            throw new IllegalArgumentException("Choose at least one ResultFile to write");
        }
        Path current = directory;
        try {
            Files.createDirectories(directory);
            Map<String, Long> written = new LinkedHashMap<>();
            for (ResultFile f : ResultFile.values()) {
                if (!files.contains(f)) {
                    continue;
                }
                current = directory.resolve(f.fileName());
                written.put(f.fileName(), writeResult(result, current, f));
            }
            return Collections.unmodifiableMap(written);
        } catch (IOException e) {
            throw new LocalIoException("Cannot write the ingest results to " + current + ": " + e, current, e);
        } catch (UncheckedIOException e) {
            throw new LocalIoException("Cannot write the ingest results to " + current + ": " + e.getCause(),
                    current, e.getCause());
        }
    }

    private static long writeResult(IngestResult result, Path file, ResultFile which) throws IOException {
        switch (which) {
            case SUCCESSFUL:
                return write(result, file, result.successfulRecords(), List.of("sf__Id", "sf__Created"),
                        r -> row(r.fields(), "sf__Id", r.id(), "sf__Created", String.valueOf(r.created())));
            case FAILED:
                return write(result, file, result.failedRecords(), List.of("sf__Id", "sf__Error"),
                        r -> row(r.fields(), "sf__Id", r.id().orElse(""), "sf__Error", r.error().raw()));
            default:
                return write(result, file, result.unprocessedRecords(), List.of(), r -> row(r.fields(), null, null, null, null));
        }
    }

    private static Map<String, ?> row(Map<String, String> fields, String k1, String v1, String k2, String v2) {
        Map<String, String> m = new LinkedHashMap<>();
        if (k1 != null) {
            m.put(k1, v1);
            m.put(k2, v2);
        }
        m.putAll(fields);
        return m;
    }

    private static <R> long write(IngestResult result, Path file, Stream<R> records, List<String> prefix,
            Function<R, Map<String, ?>> toRow) throws IOException {
        try (Stream<R> s = records; OutputStream out = Files.newOutputStream(file)) {
            Iterator<R> it = s.iterator();
            List<String> columns = new ArrayList<>(prefix);
            Map<String, ?> first = null;
            List<String> header = result.header().orElse(null);
            if (header != null) {
                columns.addAll(header);
            } else if (it.hasNext()) {
                first = toRow.apply(it.next());
                columns.clear();
                columns.addAll(first.keySet());
            }
            long n = 0;
            try (CsvRowWriter<Map<String, ?>> w = CsvRowWriter.create(out, CsvMapping.forMaps(columns),
                    CsvDialect.of(ColumnDelimiter.COMMA, LineEnding.LF))) {
                if (first != null) {
                    w.write(first);
                    n++;
                }
                while (it.hasNext()) {
                    w.write(toRow.apply(it.next()));
                    n++;
                }
            }
            return n;
        }
    }
}
