package dev.bulk2.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulk2.core.Backoff;
import dev.bulk2.core.BulkClient;
import dev.bulk2.core.PollingPolicy;
import dev.bulk2.core.RetryPolicy;
import dev.bulk2.core.auth.AuthProvider;
import dev.bulk2.core.plan.Preflight;
import dev.bulk2.core.exception.BulkApiException;
import dev.bulk2.core.exception.BulkException;
import dev.bulk2.core.exception.InvalidInputException;
import dev.bulk2.core.exception.LocalIoException;
import dev.bulk2.csv.CsvMapping;
import dev.bulk2.csv.LineEnding;
import dev.bulk2.testkit.Bulk2Emulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The usual mistakes against the emulator: each is a typed error naming the cause and a fix that exists. */
class MisuseErrorsTest {
    private static final PollingPolicy FAST = PollingPolicy.builder().initialDelay(Duration.ofMillis(5))
            .multiplier(1.5).maxDelay(Duration.ofMillis(40)).jitter(0).build();
    private static final CsvMapping<Integer> PEOPLE = CsvMapping.<Integer>builder()
            .column("External_ID__c", i -> "EXT-" + i).column("LastName", i -> "Last" + i).build();

    @TempDir
    Path tmp;

    private final List<AutoCloseable> open = new ArrayList<>();
    private Bulk2Emulator sf;
    private BulkClient client;

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private void start() {
        sf = Bulk2Emulator.builder().port(0).build().start();
        open.add(sf);
        client = BulkClient.builder().instanceUrl(sf.instanceUrl()).auth(AuthProvider.ofToken(sf.issueToken()))
                .retryPolicy(RetryPolicy.builder().maxAttempts(3)
                        .backoff(Backoff.exponential(Duration.ofMillis(1), Duration.ofMillis(5))).build())
                .build();
        open.add(client);
    }

    private Ingest upsert() {
        return client.ingest("Account").upsert("External_ID__c").maxRecordsPerJob(5).maxConcurrentJobs(1)
                .pollingPolicy(FAST);
    }

    @Test
    void streamMapperThrows_namesTheRow_causeIsTheUsersException_partialResultHasTheSentParts() {
        start();
        IllegalStateException boom = new IllegalStateException("no price for item 12");
        Stream<Integer> rows = IntStream.rangeClosed(1, 20).boxed().map(i -> {
            if (i == 12) {
                throw boom;
            }
            return i;
        });
        IngestRun run = upsert().upload(rows, PEOPLE);
        InvalidInputException e = catchThrowableOfType(run::awaitCompletion, InvalidInputException.class);
        assertThat(e.getMessage()).startsWith("The row source failed at row 12: java.lang.IllegalStateException: no "
                + "price for item 12. Parts before it were submitted as jobs [")
                .endsWith("] (10 rows); the part containing row 12 and everything after it was not sent. Fix the row "
                + "source (the cause is the exception it threw) and send the rows from that part on again.");
        assertThat(e.getCause()).isSameAs(boom);
        assertThat(e.line()).hasValue(12);
        IngestResult partial = e.partialResult().orElseThrow();
        assertThat(partial.jobs()).hasSize(2);
        assertThat(partial.recordsSubmitted()).isEqualTo(10);
        assertThat(partial.recordsSucceeded()).isEqualTo(10);
        assertThat(partial.isReconciled()).isTrue();
        assertThat(sf.records("Account")).hasSize(10);
    }

    @Test
    void iteratorThrowsAtTheFirstRow_nothingSent_noPartialResult() {
        start();
        RuntimeException boom = new RuntimeException("database connection lost");
        Iterable<Integer> rows = () -> new java.util.Iterator<>() {
            @Override
            public boolean hasNext() {
                throw boom;
            }

            @Override
            public Integer next() {
                throw new AssertionError();
            }
        };
        InvalidInputException e = catchThrowableOfType(upsert().upload(rows, PEOPLE)::awaitCompletion,
                InvalidInputException.class);
        assertThat(e).hasMessage("The row source failed at row 1: java.lang.RuntimeException: database connection "
                + "lost. Nothing was sent: the part containing row 1 and everything after it was not sent. Fix the "
                + "row source (the cause is the exception it threw) and send the rows from that part on again.");
        assertThat(e.getCause()).isSameAs(boom);
        assertThat(e.partialResult()).isEmpty();
        assertThat(sf.jobs()).isEmpty();
    }

    @Test
    void missingInputFile_isALocalIoExceptionNamingThePath_nothingSent() {
        start();
        Path missing = tmp.resolve("nope.csv");
        LocalIoException e = catchThrowableOfType(() -> upsert().upload(missing), LocalIoException.class);
        assertThat(e).isInstanceOf(BulkException.class)
                .hasMessage("The input file " + missing + " does not exist (nothing was sent). Check the path.");
        assertThat(e.path()).contains(missing);
        assertThat(e.getCause()).isInstanceOf(java.nio.file.NoSuchFileException.class);
        LocalIoException dir = catchThrowableOfType(() -> upsert().upload(tmp), LocalIoException.class);
        assertThat(dir).hasMessage("The input " + tmp + " is a directory, not a CSV file (nothing was sent).");
        assertThat(sf.requests()).isEmpty();
    }

    @Test
    void spoolDirectoryThatIsAFile_orMissing_isALocalIoException() throws Exception {
        start();
        // a regular file where a directory is expected (a permission test would pass wrongly as root)
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        LocalIoException e = catchThrowableOfType(() -> upsert().spoolDirectory(file)
                .upload(Stream.of(1, 2), PEOPLE), LocalIoException.class);
        assertThat(e).hasMessage("The spool directory " + file + " is not a directory (nothing was sent). Set "
                + "spoolDirectory(...) to a writable directory.");
        assertThat(e.path()).contains(file);
        Path gone = tmp.resolve("gone");
        LocalIoException missing = catchThrowableOfType(() -> upsert().spoolDirectory(gone)
                .upload(Stream.of(1, 2), PEOPLE), LocalIoException.class);
        assertThat(missing).hasMessage("The spool directory " + gone + " does not exist (nothing was sent). Create "
                + "it or set another with spoolDirectory(...).");
        assertThat(sf.requests()).isEmpty();
    }

    @Test
    void lineEndingMismatch_hintNamesTheIngestsLineEnding_notAChunkerPolicy() throws Exception {
        start();
        Path crlf = Files.writeString(tmp.resolve("crlf.csv"), "External_ID__c,LastName\r\nEXT-1,A\r\n");
        // the default pre-flight words the file's problem with the same ingest hint
        InvalidInputException pre = catchThrowableOfType(() -> upsert().upload(crlf), InvalidInputException.class);
        assertThat(pre).isInstanceOf(dev.bulk2.core.exception.InputValidationException.class);
        assertThat(pre.getMessage()).contains("MALFORMED_CSV at line 1: Line 1 ends with CRLF but the dialect declares"
                + " LF; Salesforce would fail the job (LineEnding is invalid on user data). Declare the file's line "
                + "ending with lineEnding(LineEnding.CRLF) on the ingest, or convert the file.")
                .contains("nothing was sent, no job was created").doesNotContain("LineEndingPolicy").doesNotContain("..");
        // and so does a streaming run
        InvalidInputException e = catchThrowableOfType(() -> upsert().preflight(Preflight.none()).upload(crlf),
                InvalidInputException.class);
        assertThat(e).hasMessage("Malformed input at line 1: Line 1 ends with CRLF but the dialect declares LF; "
                + "Salesforce would fail the job (LineEnding is invalid on user data). Declare the file's line ending "
                + "with lineEnding(LineEnding.CRLF) on the ingest, or convert the file. Nothing was sent.");
        assertThat(e.getMessage()).doesNotContain("LineEndingPolicy");
        // following the hint works
        IngestResult ok = upsert().lineEnding(LineEnding.CRLF).upload(crlf).awaitCompletion();
        assertThat(ok.isSuccessful()).isTrue();

        Path mixed = Files.writeString(tmp.resolve("mixed.csv"), "External_ID__c,LastName\nEXT-1,A\r\nEXT-2,B\n");
        InvalidInputException m = catchThrowableOfType(() -> upsert().preflight(Preflight.none()).upload(mixed)
                .awaitCompletion(),
                InvalidInputException.class);
        assertThat(m.getMessage()).startsWith("Malformed input at line 2: Line 2 ends with CRLF but the dialect "
                + "declares LF; Salesforce would fail the job (LineEnding is invalid on user data). The lines before "
                + "it end as declared, so the file mixes line endings: convert it so that every line ends the same "
                + "way (the ingest does not rewrite line endings).");
    }

    @Test
    void badExternalIdField_noJobExists_hintSaysFixTheRequest_notAbortIt() {
        start();
        BulkException e = catchThrowableOfType(() -> client.ingest("Account").upsert("Nope__c").pollingPolicy(FAST)
                .upload(Stream.of(1), PEOPLE).awaitCompletion(), BulkException.class);
        BulkApiException api = e instanceof BulkApiException ? (BulkApiException) e
                : (BulkApiException) e.getCause();
        assertThat(api.errorCode()).contains("INVALIDJOB");
        assertThat(api.jobId()).isEmpty();
        assertThat(api.getMessage()).startsWith("POST /services/data/v" + client.apiVersion() + "/jobs/ingest failed: "
                + "INVALIDJOB (HTTP 400): InvalidJob : ")
                .endsWith(". No job was created: fix the job request (object, operation, externalIdFieldName: an "
                + "External ID field of the object or Id, assignmentRuleId); retrying will not help")
                .doesNotContain("abort");
        assertThat(api.isRetryable()).isFalse();
        assertThat(sf.jobs()).isEmpty();
    }

    @Test
    void recordTooLarge_hintNamesTheIngestsMaxBytesPerJob() throws Exception {
        start();
        Path big = Files.writeString(tmp.resolve("big.csv"), "External_ID__c,LastName\nEXT-1," + "x".repeat(200)
                + "\n");
        InvalidInputException pre = catchThrowableOfType(() -> upsert().maxBytesPerJob(100).upload(big),
                InvalidInputException.class);
        assertThat(pre.getMessage()).contains("MALFORMED_CSV at line 2: The record starting at line 2 takes ")
                .contains("exceeds maxBytesPerJob (100). Raise maxBytesPerJob (at most 100,000,000) or shorten the "
                + "record.").doesNotContain("maxBytes (");
        InvalidInputException e = catchThrowableOfType(() -> upsert().maxBytesPerJob(100).preflight(Preflight.none())
                .upload(big).awaitCompletion(), InvalidInputException.class);
        assertThat(e.getMessage()).startsWith("Malformed input at line 2: The record starting at line 2 takes ")
                .contains("exceeds maxBytesPerJob (100). Raise maxBytesPerJob (at most 100,000,000) or shorten the "
                + "record.")
                .doesNotContain("maxBytes (");
        assertThat(sf.jobs()).isEmpty();
    }

    @Test
    void spoolDirectoryGoneWhileReading_isALocalIoExceptionNamingTheDirectory() throws Exception {
        start();
        Path spool = Files.createDirectory(tmp.resolve("spool"));
        // the first row's mapping runs before its part's spool file is created: replace the directory by a file
        CsvMapping<Integer> mapping = CsvMapping.<Integer>builder().column("External_ID__c", i -> {
            try {
                Files.delete(spool);
                Files.writeString(spool, "now a file");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return "EXT-" + i;
        }).column("LastName", i -> "Last" + i).build();
        LocalIoException e = catchThrowableOfType(() -> upsert().spoolDirectory(spool).upload(Stream.of(1), mapping)
                .awaitCompletion(), LocalIoException.class);
        assertThat(e.getMessage()).startsWith("Reading the input failed: Cannot create a spool file in " + spool + ": ")
                .endsWith(". The spool directory must be an existing, writable directory.")
                .doesNotContain("null");
        assertThat(e.path()).contains(spool);
        assertThat(sf.jobs()).isEmpty();
    }

    @Test
    void notFound_hintDependsOnWhatWasAskedFor() {
        start();
        dev.bulk2.core.exception.NotFoundException job = catchThrowableOfType(
                () -> client.ingestJobs().info("750000000000000AAA"), dev.bulk2.core.exception.NotFoundException.class);
        assertThat(job.getMessage()).endsWith(". Check the job id: unknown jobs, deleted jobs and jobs finished more "
                + "than 7 days ago do not exist");
        dev.bulk2.core.exception.NotFoundException object = catchThrowableOfType(() -> client.describe("Nope__c"),
                dev.bulk2.core.exception.NotFoundException.class);
        // describe words its own message (OrgResources); the hint is about the object, never a job id
        assertThat(object).hasMessage("No sObject named 'Nope__c' in this org: GET /services/data/v"
                + client.apiVersion() + "/sobjects/Nope__c/describe answered NOT_FOUND (HTTP 404). Check the API name, "
                + "e.g. Account or My_Object__c; custom objects end in __c. The integration user also needs read "
                + "access to the object.");
    }
}
