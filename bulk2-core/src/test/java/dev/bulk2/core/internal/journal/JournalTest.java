package dev.bulk2.core.internal.journal;

import static dev.bulk2.core.internal.journal.JournalTestData.CLOCK;
import static dev.bulk2.core.internal.journal.JournalTestData.input;
import static dev.bulk2.core.internal.journal.JournalTestData.upsert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulk2.core.exception.JournalException;
import dev.bulk2.core.exception.JournalException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    @TempDir
    Path dir;

    private Path journal() {
        return dir.resolve("state").resolve("accounts.journal");
    }

    private Path written(List<JournalEntry> entries) {
        Path p = journal();
        try (Journal j = Journal.open(p, upsert(), input(), CLOCK)) {
            for (JournalEntry e : entries) {
                j.append(e);
            }
        }
        return p;
    }

    private static List<String> lines(Path p) throws IOException {
        return Files.readAllLines(p, StandardCharsets.UTF_8);
    }

    private static void append(Path p, String text) throws IOException {
        Files.write(p, text.getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    }

    private JournalException openFails(Path p) {
        try (Journal j = Journal.open(p, upsert(), input(), CLOCK)) {
            throw new AssertionError("opened: " + j.header());
        } catch (JournalException e) {
            assertThat(e.getMessage()).contains(p.toString());
            return e;
        }
    }

    // ------------------------------------------------------------------------------------------ creating

    @Test
    void open_whenMissing_createsHeaderAndRunStartedAndDirectory() throws IOException {
        Path p = journal();
        try (Journal j = Journal.open(p, upsert(), input(), CLOCK)) {
            assertThat(j.isNew()).isTrue();
            assertThat(j.ingestState().isFresh()).isTrue();
            assertThat(j.ingestState().request()).isEqualTo(upsert().fields());
        }
        List<String> lines = lines(p);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("{\"bulk2Journal\":1,\"kind\":\"ingest\",\"created\":\"2026-12-01T02:00:00Z\","
                + "\"sdkVersion\":\"" + dev.bulk2.core.internal.http.SdkVersion.version() + "\",\"request\":\""
                + upsert().fingerprint() + "\",\"input\":{\"type\":\"file\",\"size\":1234,\"sha256\":\""
                + "aa".repeat(32) + "\",\"name\":\"/data/clients.csv\"}}");
        assertThat(lines.get(1)).isEqualTo("{\"type\":\"runStarted\",\"at\":\"2026-12-01T02:00:00Z\",\"request\":{"
                + "\"object\":\"Account\",\"operation\":\"upsert\",\"externalIdFieldName\":\"External_ID__c\","
                + "\"lineEnding\":\"LF\",\"columnDelimiter\":\"COMMA\",\"maxBytesPerJob\":\"100000000\","
                + "\"maxRecordsPerJob\":\"150000000\",\"recordRetryRounds\":\"2\"}}");
        assertThat(upsert().fingerprint()).startsWith("sha256:").hasSize(7 + 64);
    }

    @Test
    void reopen_appendsResumedAndReplays() throws IOException {
        Path p = written(List.of(new JournalEntry.PartPlanned(0, 0, 0, 10, 2, 57, 500, null)));
        try (Journal j = Journal.open(p, upsert(), input(), CLOCK)) {
            assertThat(j.isNew()).isFalse();
            assertThat(j.repairedTail()).isFalse();
            assertThat(j.ingestState().resumes()).isZero();
            assertThat(j.ingestState().rounds().get(0).parts()).hasSize(1);
        }
        try (Journal j = Journal.open(p, upsert(), input(), CLOCK)) {
            assertThat(j.ingestState().resumes()).isEqualTo(1);
        }
        List<String> lines = lines(p);
        assertThat(lines).hasSize(5);
        assertThat(lines.get(3)).startsWith("{\"type\":\"resumed\",\"at\":\"2026-12-01T02:00:00Z\",\"pid\":"
                + ProcessHandle.current().pid() + ",\"host\":");
    }

    // ------------------------------------------------------------------------------------------ round trip

    @Test
    void codec_roundTripsEveryEntryType() throws Exception {
        List<JournalEntry> all = new ArrayList<>(JournalTestData.fullIngest());
        all.addAll(JournalTestData.fullQuery());
        all.add(new JournalEntry.RunStarted(upsert().fields()));
        all.add(new JournalEntry.Resumed(42, "host-a"));
        all.add(new JournalEntry.RetryRound(2, List.of("750A", "750B"), "accounts.journal.r2.csv", "0d".repeat(32)));
        java.util.Set<String> types = new java.util.HashSet<>();
        for (JournalEntry e : all) {
            byte[] line = JournalCodec.encode(e, CLOCK.instant());
            assertThat(line[line.length - 1]).isEqualTo((byte) '\n');
            JournalCodec.Line back = JournalCodec.decodeEntry(7, JournalCodec.parseObject(line, line.length - 1));
            assertThat(back.entry).as(e.toString()).isEqualTo(e).isNotSameAs(e);
            assertThat(back.entry.toString()).isEqualTo(e.toString());
            assertThat(back.at).isEqualTo(CLOCK.instant());
            assertThat(back.number).isEqualTo(7);
            types.add(e.type());
        }
        assertThat(types).containsExactlyInAnyOrder("runStarted", "resumed", "partPlanned", "roundPlanned",
                "createSent", "jobCreated", "uploaded", "closed", "terminal", "partFailed", "retryRound",
                "runComplete", "queryJob", "page", "exportComplete");
        JournalHeader h = new JournalHeader(1, JournalKind.QUERY, CLOCK.instant(), "9.9", "sha256:x",
                InputIdentity.ofKey("output:/x.csv"));
        byte[] hl = JournalCodec.encodeHeader(h);
        assertThat(JournalCodec.decodeHeader(JournalCodec.parseObject(hl, hl.length - 1))).isEqualTo(h);
    }

    @Test
    void replay_ofAFullIngest_givesEveryPartJobAndRound() {
        Path p = written(JournalTestData.fullIngest());
        try (Journal j = Journal.open(p, upsert(), input(), CLOCK)) {
            IngestResumeState s = j.ingestState();
            assertThat(s.isComplete()).isTrue();
            assertThat(s.completion().get().submitted).isEqualTo(1000);
            assertThat(s.rounds()).hasSize(2);
            IngestResumeState.Round r0 = s.rounds().get(0);
            assertThat(r0.isFullyPlanned()).isTrue();
            assertThat(r0.plannedRecords()).isEqualTo(1000);
            IngestResumeState.Part p0 = r0.parts().get(0);
            assertThat(p0.plan.offset).isEqualTo(57);
            assertThat(p0.sha256()).contains(JournalTestData.SHA_A);
            assertThat(p0.jobs()).extracting(x -> x.id).containsExactly("750A");
            assertThat(p0.jobs().get(0).isUploaded()).isTrue();
            assertThat(p0.jobs().get(0).isClosed()).isTrue();
            assertThat(p0.jobs().get(0).terminalState()).contains("JobComplete");
            assertThat(p0.jobs().get(0).failed()).isEqualTo(3);
            IngestResumeState.Part p1 = r0.parts().get(1);
            assertThat(p1.jobs()).extracting(x -> x.id).containsExactly("750B", "750C");
            assertThat(p1.jobs().get(0).abortReason()).contains("upload outcome unknown");
            assertThat(p1.sha256()).contains(JournalTestData.SHA_B); // taken during the upload
            assertThat(p1.isCreatePending()).isFalse();
            assertThat(s.rounds().get(1).retry.fromJobs).containsExactly("750A");
            assertThat(s.rounds().get(1).parts().get(0).failure()).isPresent();
            assertThat(s.jobIds()).containsExactly("750A", "750B", "750C", "750D");
            assertThat(s.partOf("750C")).containsSame(p1);
        }
    }

    @Test
    void replay_ofAQueryExport_givesLastPageAndOffset() {
        Path p = journal();
        List<JournalEntry> entries = JournalTestData.fullQuery();
        try (Journal j = Journal.open(p, JournalTestData.query(), InputIdentity.ofKey("output:/x.csv"), CLOCK)) {
            for (JournalEntry e : entries.subList(0, 3)) {
                j.append(e);
            }
        }
        try (Journal j = Journal.open(p, JournalTestData.query(), InputIdentity.ofKey("output:/x.csv"), CLOCK)) {
            QueryResumeState s = j.queryState();
            assertThat(s.jobId()).contains("750Q");
            assertThat(s.pages()).isEqualTo(2);
            assertThat(s.rows()).isEqualTo(40_000);
            assertThat(s.outputOffset()).isEqualTo(2_000_000);
            assertThat(s.nextLocator()).contains("NDAwMDA");
            assertThat(s.allPagesWritten()).isFalse();
            assertThat(s.isComplete()).isFalse();
            j.append(entries.get(3));
            j.append(entries.get(4));
        }
        try (Journal j = Journal.open(p, JournalTestData.query(), InputIdentity.ofKey("output:/x.csv"), CLOCK)) {
            assertThat(j.queryState().isComplete()).isTrue();
            assertThat(j.queryState().allPagesWritten()).isTrue();
            assertThat(j.queryState().nextLocator()).isEmpty();
            assertThat(j.queryState().resumes()).isEqualTo(1);
        }
    }

    // ------------------------------------------------------------------------------------------ torn tail

    @Test
    void tornLastLine_isCutOnOpen() throws IOException {
        Path p = written(List.of(new JournalEntry.PartPlanned(0, 0, 0, 10, 2, 57, 500, null)));
        List<String> before = lines(p);
        append(p, "{\"type\":\"jobCreated\",\"at\":\"2026-12-01T02:00:00Z\",\"round\":0,\"pa");
        try (Journal j = Journal.open(p, upsert(), input(), CLOCK)) {
            assertThat(j.repairedTail()).isTrue();
            assertThat(j.ingestState().rounds().get(0).parts().get(0).jobs()).isEmpty();
            j.append(new JournalEntry.JobCreated(0, 0, "750A"));
        }
        List<String> after = lines(p);
        assertThat(after.subList(0, before.size())).isEqualTo(before);
        assertThat(after.get(before.size())).startsWith("{\"type\":\"resumed\"");
        assertThat(after.get(before.size() + 1)).contains("\"job\":\"750A\"");
        assertThat(after).hasSize(before.size() + 2);
        try (Journal j = Journal.open(p, upsert(), input(), CLOCK)) {
            assertThat(j.ingestState().rounds().get(0).parts().get(0).jobs()).hasSize(1);
        }
    }

    @Test
    void tornLastLine_ofZeroBytes_isCut() throws IOException {
        Path p = written(List.of());
        Files.write(p, new byte[40], StandardOpenOption.APPEND); // a file extended by a crash, its data lost
        try (Journal j = Journal.open(p, upsert(), input(), CLOCK)) {
            assertThat(j.repairedTail()).isTrue();
        }
        assertThat(lines(p)).hasSize(3);
    }

    @Test
    void lastLine_completeButWithoutNewline_isKept() throws IOException {
        Path p = written(List.of(new JournalEntry.PartPlanned(0, 0, 0, 10, 2, 57, 500, null)));
        byte[] line = JournalCodec.encode(new JournalEntry.JobCreated(0, 0, "750A"), CLOCK.instant());
        Files.write(p, java.util.Arrays.copyOf(line, line.length - 1), StandardOpenOption.APPEND);
        try (Journal j = Journal.open(p, upsert(), input(), CLOCK)) {
            assertThat(j.repairedTail()).isTrue();
            assertThat(j.ingestState().rounds().get(0).parts().get(0).jobs()).extracting(x -> x.id)
                    .containsExactly("750A");
        }
        assertThat(lines(p).get(3)).contains("\"job\":\"750A\"");
        assertThat(lines(p).get(4)).startsWith("{\"type\":\"resumed\"");
    }

    @Test
    void tornHeader_startsTheJournalAfresh() throws IOException {
        Path p = journal();
        Files.createDirectories(p.getParent());
        Files.write(p, "{\"bulk2Journal\":1,\"kind\":\"ing".getBytes(StandardCharsets.UTF_8));
        try (Journal j = Journal.open(p, upsert(), input(), CLOCK)) {
            assertThat(j.isNew()).isTrue();
            assertThat(j.repairedTail()).isTrue();
        }
        assertThat(lines(p)).hasSize(2);
        assertThat(lines(p).get(0)).startsWith("{\"bulk2Journal\":1,\"kind\":\"ingest\",");
    }

    @Test
    void headerWithoutRunStarted_getsItOnOpen() throws IOException {
        Path p = written(List.of());
        List<String> l = lines(p);
        Files.write(p, (l.get(0) + "\n" + l.get(1).substring(0, 20)).getBytes(StandardCharsets.UTF_8));
        try (Journal j = Journal.open(p, upsert(), input(), CLOCK)) {
            assertThat(j.ingestState().request()).isEqualTo(upsert().fields());
        }
        assertThat(lines(p)).hasSize(2);
        assertThat(lines(p).get(1)).isEqualTo(l.get(1));
    }

    // ------------------------------------------------------------------------------------------ bad journals

    @Test
    void garbageInTheMiddle_isCorrupt() throws IOException {
        Path p = written(List.of(new JournalEntry.PartPlanned(0, 0, 0, 10, 2, 57, 500, null)));
        List<String> l = new ArrayList<>(lines(p));
        l.add(2, "#!garbage");
        Files.write(p, l, StandardCharsets.UTF_8);
        JournalException e = openFails(p);
        assertThat(e.reason()).isEqualTo(Reason.CORRUPT);
        assertThat(e.line()).hasValue(3);
        assertThat(e.getMessage()).contains("damaged at line 3").contains("not valid JSON")
                .contains("delete or move the journal file " + p);
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void garbageLastLineWithItsNewline_isCorruptNotTorn() throws IOException {
        Path p = written(List.of());
        append(p, "{\"type\":\"jobCreated\"}\n");
        JournalException e = openFails(p);
        assertThat(e.reason()).isEqualTo(Reason.CORRUPT);
        assertThat(e.line()).hasValue(3);
        assertThat(e.getMessage()).contains("'at' must be a string (missing)");
    }

    @Test
    void unknownLineType_andStepsOutOfOrder_areCorrupt() throws IOException {
        Path p = written(List.of());
        byte[] bad = JournalCodec.encode(new JournalEntry.JobCreated(0, 3, "750A"), CLOCK.instant());
        Files.write(p, bad, StandardOpenOption.APPEND);
        JournalException e = openFails(p);
        assertThat(e.reason()).isEqualTo(Reason.CORRUPT);
        assertThat(e.getMessage()).contains("round 0 was never started");

        Path q = dir.resolve("q.journal");
        try (Journal j = Journal.open(q, upsert(), input(), CLOCK)) {
            j.append(new JournalEntry.PartPlanned(0, 0, 0, 10, 2, 57, 500, null));
            j.append(new JournalEntry.PartPlanned(0, 1, 11, 10, 2, 557, 500, null));
        }
        assertThat(openFails(q).getMessage()).contains("starts at record 11 but the parts before it end at record 10");

        Path u = dir.resolve("u.journal");
        Journal.open(u, upsert(), input(), CLOCK).close();
        append(u, "{\"type\":\"teleported\",\"at\":\"2026-12-01T02:00:00Z\"}\n");
        assertThat(openFails(u).getMessage()).contains("unknown line type 'teleported'");
    }

    @Test
    void aFileThatIsNotAJournal_isRejectedAndLeftAlone() throws IOException {
        Path p = journal();
        Files.createDirectories(p.getParent());
        for (String content : List.of("Name,External_ID__c\nAcme,1\n", "{\"hello\":1}\n", "just text, no newline",
                "[1,2,3]\n")) {
            Files.write(p, content.getBytes(StandardCharsets.UTF_8));
            JournalException e = openFails(p);
            assertThat(e.reason()).as(content).isEqualTo(Reason.NOT_A_JOURNAL);
            assertThat(e.getMessage()).contains("is not a bulk2 journal").contains("never overwrites");
            assertThat(Files.readString(p)).isEqualTo(content);
        }
    }

    @Test
    void anotherVersion_isRejected() throws IOException {
        Path p = written(List.of());
        List<String> l = new ArrayList<>(lines(p));
        l.set(0, l.get(0).replace("{\"bulk2Journal\":1,", "{\"bulk2Journal\":2,"));
        Files.write(p, l, StandardCharsets.UTF_8);
        JournalException e = openFails(p);
        assertThat(e.reason()).isEqualTo(Reason.VERSION);
        assertThat(e.field()).contains("bulk2Journal");
        assertThat(e.journaledValue()).contains("2");
        assertThat(e.currentValue()).contains("1");
        assertThat(e.getMessage()).contains("format version 2").contains("reads version 1");
    }

    @Test
    void anotherRequest_namesTheFieldThatDiffers() throws IOException {
        Path p = written(List.of());
        JournalRequest other = JournalRequest.of(JournalKind.INGEST, JournalTestData.upsertFields("Erp_Id__c"));
        try (Journal j = Journal.open(p, other, input(), CLOCK)) {
            throw new AssertionError("opened");
        } catch (JournalException e) {
            assertThat(e.reason()).isEqualTo(Reason.REQUEST_MISMATCH);
            assertThat(e.field()).contains("externalIdFieldName");
            assertThat(e.journaledValue()).contains("External_ID__c");
            assertThat(e.currentValue()).contains("Erp_Id__c");
            assertThat(e.getMessage()).isEqualTo("The journal " + p + " belongs to another request: "
                    + "externalIdFieldName is 'External_ID__c' in the journal but 'Erp_Id__c' now. Resume with the "
                    + "request the journal was written for. To start fresh, delete or move the journal file " + p
                    + " (a fresh run sends the whole input again).");
        }
        Map<String, String> fewer = JournalTestData.upsertFields("External_ID__c");
        fewer.remove("recordRetryRounds");
        try (Journal j = Journal.open(p, JournalRequest.of(JournalKind.INGEST, fewer), input(), CLOCK)) {
            throw new AssertionError("opened");
        } catch (JournalException e) {
            assertThat(e.field()).contains("recordRetryRounds");
            assertThat(e.currentValue()).isEmpty();
            assertThat(e.getMessage()).contains("is '2' in the journal but absent now");
        }
        try (Journal j = Journal.open(p, JournalTestData.query(), input(), CLOCK)) {
            throw new AssertionError("opened");
        } catch (JournalException e) {
            assertThat(e.reason()).isEqualTo(Reason.REQUEST_MISMATCH);
            assertThat(e.field()).contains("kind");
            assertThat(e.getMessage()).contains("kind is 'ingest' in the journal but 'query' now");
        }
        assertThat(lines(p)).hasSize(2); // nothing was appended to a journal that was refused
    }

    @Test
    void anotherInput_namesWhatDiffers() throws IOException {
        Path p = written(List.of());
        JournalException e = assertThrowsOnOpen(p, InputIdentity.ofFile(1235, "aa".repeat(32), "/data/new.csv"));
        assertThat(e.reason()).isEqualTo(Reason.INPUT_MISMATCH);
        assertThat(e.field()).contains("input size");
        assertThat(e.getMessage()).contains("the file /data/new.csv is not the one the journal was written for "
                + "(/data/clients.csv): input size is '1234' in the journal but '1235' now");
        e = assertThrowsOnOpen(p, InputIdentity.ofFile(1234, "bb".repeat(32), "/data/clients.csv"));
        assertThat(e.field()).contains("input sha256");
        assertThat(e.journaledValue()).contains("aa".repeat(32));
        assertThat(e.currentValue()).contains("bb".repeat(32));
        e = assertThrowsOnOpen(p, InputIdentity.ofKey("erp-2026-12-01"));
        assertThat(e.field()).contains("input type");
        assertThat(e.getMessage()).contains("the journal was written for a file, now the input is a stream or rows");
        // a moved file with the same content is the same input
        try (Journal j = Journal.open(p, upsert(), InputIdentity.ofFile(1234, "aa".repeat(32), "/elsewhere.csv"),
                CLOCK)) {
            assertThat(j.isNew()).isFalse();
        }

        Path k = dir.resolve("k.journal");
        Journal.open(k, upsert(), InputIdentity.ofKey("erp-2026-12-01"), CLOCK).close();
        e = assertThrowsOnOpen(k, InputIdentity.ofKey("erp-2026-12-02"));
        assertThat(e.field()).contains("input key");
        assertThat(e.getMessage()).contains("input key is 'erp-2026-12-01' in the journal but 'erp-2026-12-02' now");
    }

    private static JournalException assertThrowsOnOpen(Path p, InputIdentity now) {
        try (Journal j = Journal.open(p, upsert(), now, CLOCK)) {
            throw new AssertionError("opened");
        } catch (JournalException e) {
            return e;
        }
    }

    @Test
    void aRefusedJournal_releasesItsLock() {
        Path p = written(List.of());
        assertThatThrownBy(() -> Journal.open(p, JournalTestData.query(), input(), CLOCK))
                .isInstanceOf(JournalException.class);
        Journal.open(p, upsert(), input(), CLOCK).close(); // not LOCKED by the failed open
    }

    // ------------------------------------------------------------------------------------------ identity

    @Test
    void inputIdentity_ofFile_isSizeAndSha256() throws IOException {
        Path f = dir.resolve("abc.csv");
        Files.write(f, "abc".getBytes(StandardCharsets.US_ASCII));
        InputIdentity id = InputIdentity.ofFile(f);
        assertThat(id.size()).isEqualTo(3);
        assertThat(id.sha256()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(id.name()).isEqualTo(f.toAbsolutePath().toString());
        byte[] big = new byte[1_000_003];
        new java.util.Random(7).nextBytes(big);
        Files.write(f, big);
        assertThat(InputIdentity.ofFile(f).sha256())
                .isEqualTo(Sha256.hex(Sha256.newDigest().digest(big)));
        assertThatThrownBy(() -> InputIdentity.ofKey(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hashingStream_hashesWhatIsReadThroughIt() throws IOException {
        byte[] data = "Name\nAcme\n".getBytes(StandardCharsets.UTF_8);
        Sha256.HashingInputStream in = new Sha256.HashingInputStream(new java.io.ByteArrayInputStream(data));
        assertThatThrownBy(in::sha256).isInstanceOf(IllegalStateException.class);
        assertThat(in.read()).isEqualTo('N');
        in.transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(in.isComplete()).isTrue();
        assertThat(in.count()).isEqualTo(data.length);
        assertThat(in.sha256()).isEqualTo(Sha256.hex(Sha256.newDigest().digest(data)));
    }
}
