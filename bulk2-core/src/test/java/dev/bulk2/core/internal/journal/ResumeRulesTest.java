package dev.bulk2.core.internal.journal;

import static dev.bulk2.core.internal.journal.JournalTestData.CLOCK;
import static dev.bulk2.core.internal.journal.JournalTestData.input;
import static dev.bulk2.core.internal.journal.JournalTestData.upsert;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk2.core.exception.JournalException;
import dev.bulk2.core.exception.JournalException.Reason;
import dev.bulk2.core.internal.journal.ResumeRules.Step;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeRulesTest {
    @TempDir
    Path dir;

    private static final byte[] PART = "Name,External_ID__c\nAcme,1\nGlobex,2\n".getBytes(StandardCharsets.UTF_8);
    private static final String PART_SHA = Sha256.hex(Sha256.newDigest().digest(PART));

    /** One part per scenario, each in its own journal, replayed. */
    private IngestResumeState.Part part(JournalEntry... steps) {
        Path p = dir.resolve("j" + System.nanoTime() + ".journal");
        try (Journal j = Journal.open(p, upsert(), input(), CLOCK)) {
            j.append(new JournalEntry.PartPlanned(0, 0, 0, 2, 2, 20, PART.length, PART_SHA));
            for (JournalEntry e : steps) {
                j.append(e);
            }
        }
        try (Journal j = Journal.open(p, upsert(), input(), CLOCK)) {
            return j.ingestState().rounds().get(0).parts().get(0);
        }
    }

    @Test
    void plan_followsTheOneUploadPerJobRule() {
        assertThat(ResumeRules.plan(part()).step).isEqualTo(Step.SEND);

        ResumeRules.PartPlan lost = ResumeRules.plan(part(new JournalEntry.CreateSent(0, 0, 1)));
        assertThat(lost.step).isEqualTo(Step.RESEND);
        assertThat(lost.orphanSearchFrom).isEqualTo(CLOCK.instant());

        ResumeRules.PartPlan created = ResumeRules.plan(part(new JournalEntry.CreateSent(0, 0, 1),
                new JournalEntry.JobCreated(0, 0, "750A")));
        assertThat(created.step).isEqualTo(Step.CHECK_SERVER);
        assertThat(created.job.id).isEqualTo("750A");
        assertThat(created.orphanSearchFrom).isNull();

        ResumeRules.PartPlan uploaded = ResumeRules.plan(part(new JournalEntry.JobCreated(0, 0, "750A"),
                new JournalEntry.Uploaded(0, 0, "750A", 40, null)));
        assertThat(uploaded.step).isEqualTo(Step.CHECK_SERVER);

        ResumeRules.PartPlan closed = ResumeRules.plan(part(new JournalEntry.JobCreated(0, 0, "750A"),
                new JournalEntry.Uploaded(0, 0, "750A", 40, null),
                new JournalEntry.Closed(0, 0, "750A", "UploadComplete")));
        assertThat(closed.step).isEqualTo(Step.WAIT);

        ResumeRules.PartPlan done = ResumeRules.plan(part(new JournalEntry.JobCreated(0, 0, "750A"),
                new JournalEntry.Uploaded(0, 0, "750A", 40, null),
                new JournalEntry.Closed(0, 0, "750A", "UploadComplete"),
                new JournalEntry.Terminal(0, 0, "750A", "Failed", 1, 1, null)));
        assertThat(done.step).isEqualTo(Step.REUSE);
        assertThat(done.job.id).isEqualTo("750A");

        ResumeRules.PartPlan discarded = ResumeRules.plan(part(new JournalEntry.JobCreated(0, 0, "750A"),
                new JournalEntry.Terminal(0, 0, "750A", "Aborted", 0, 0, "upload outcome unknown")));
        assertThat(discarded.step).isEqualTo(Step.RESEND);

        // a discarded job whose abort never reached the journal, then a lost create
        ResumeRules.PartPlan again = ResumeRules.plan(part(new JournalEntry.JobCreated(0, 0, "750A"),
                new JournalEntry.CreateSent(0, 0, 2)));
        assertThat(again.step).isEqualTo(Step.RESEND);
        assertThat(again.abortIfOpen).extracting(j -> j.id).containsExactly("750A");
        assertThat(again.orphanSearchFrom).isNotNull();

        ResumeRules.PartPlan second = ResumeRules.plan(part(new JournalEntry.JobCreated(0, 0, "750A"),
                new JournalEntry.CreateSent(0, 0, 2), new JournalEntry.JobCreated(0, 0, "750B"),
                new JournalEntry.Uploaded(0, 0, "750B", 40, null),
                new JournalEntry.Closed(0, 0, "750B", "UploadComplete")));
        assertThat(second.step).isEqualTo(Step.WAIT);
        assertThat(second.job.id).isEqualTo("750B");
        assertThat(second.abortIfOpen).extracting(j -> j.id).containsExactly("750A");

        ResumeRules.PartPlan failed = ResumeRules.plan(part(new JournalEntry.JobCreated(0, 0, "750A"),
                new JournalEntry.PartFailed(0, 0, "no answer in 3 attempts")));
        assertThat(failed.step).isEqualTo(Step.RESEND);
        assertThat(failed.abortIfOpen).extracting(j -> j.id).containsExactly("750A");
    }

    @Test
    void onServerState_neverSendsTwiceToAJobThatMayHoldData() {
        IngestResumeState.Part notClosed = part(new JournalEntry.JobCreated(0, 0, "750A"),
                new JournalEntry.Uploaded(0, 0, "750A", 40, null));
        IngestResumeState.Job j = notClosed.lastJob().get();
        assertThat(ResumeRules.onServerState(j, "Open", 0)).isEqualTo(Step.ABORT_AND_RESEND);
        assertThat(ResumeRules.onServerState(j, "UploadComplete", 0)).isEqualTo(Step.WAIT);
        assertThat(ResumeRules.onServerState(j, "InProgress", 1)).isEqualTo(Step.WAIT);
        assertThat(ResumeRules.onServerState(j, "JobComplete", 2)).isEqualTo(Step.REUSE);
        assertThat(ResumeRules.onServerState(j, "Failed", 0)).isEqualTo(Step.REUSE);
        assertThat(ResumeRules.onServerState(j, "Aborted", 0)).isEqualTo(Step.RESEND);
        assertThat(ResumeRules.onServerState(j, "Aborted", 1)).isEqualTo(Step.REUSE);
        assertThat(ResumeRules.onServerState(j, "SomethingNew", 0)).isEqualTo(Step.WAIT);
        IngestResumeState.Job closed = part(new JournalEntry.JobCreated(0, 0, "750A"),
                new JournalEntry.Uploaded(0, 0, "750A", 40, null),
                new JournalEntry.Closed(0, 0, "750A", "UploadComplete")).lastJob().get();
        assertThat(ResumeRules.onServerState(closed, "Aborted", 0)).isEqualTo(Step.REUSE);
    }

    @Test
    void partCheck_acceptsTheSamePartAndNamesWhatDiffers() {
        IngestResumeState.Part p = part();
        Path journal = dir.resolve("x.journal");
        PartCheck.verify(journal, p, 2, new ByteArrayInputStream(PART));
        PartCheck.verify(journal, p, 2, null);

        JournalException e = verifyFails(journal, p, 3, PART);
        assertThat(e.reason()).isEqualTo(Reason.INPUT_MISMATCH);
        assertThat(e.field()).contains("records");
        assertThat(e.getMessage()).contains("the re-supplied part 0 of the input (records 1-2, from line 2) is not "
                + "the part that was journaled: records is '2' in the journal but '3' now");

        byte[] other = "Name,External_ID__c\nAcme,1\nGlobex,3\n".getBytes(StandardCharsets.UTF_8);
        e = verifyFails(journal, p, 2, other);
        assertThat(e.field()).contains("sha256");
        assertThat(e.journaledValue()).contains(PART_SHA);
        assertThat(e.getMessage()).contains("has other content than the part that was journaled")
                .contains("delete or move the journal file " + journal);

        e = verifyFails(journal, p, 2, "Name,External_ID__c\nAcme,1\n".getBytes(StandardCharsets.UTF_8));
        assertThat(e.field()).contains("bytes");
    }

    private static JournalException verifyFails(Path journal, IngestResumeState.Part p, long records, byte[] b) {
        try {
            PartCheck.verify(journal, p, records, new ByteArrayInputStream(b));
            throw new AssertionError("verified");
        } catch (JournalException e) {
            return e;
        }
    }

    @Test
    void partCheck_usesTheHashTakenDuringTheUpload() {
        Path p = dir.resolve("u.journal");
        try (Journal j = Journal.open(p, upsert(), input(), CLOCK)) {
            j.append(new JournalEntry.PartPlanned(0, 0, 0, 2, 2, 20, PART.length, null));
            j.append(new JournalEntry.JobCreated(0, 0, "750A"));
            j.append(new JournalEntry.Uploaded(0, 0, "750A", 30, "ff".repeat(32)));
        }
        try (Journal j = Journal.open(p, upsert(), input(), CLOCK)) {
            IngestResumeState.Part part = j.ingestState().rounds().get(0).parts().get(0);
            assertThat(part.sha256()).contains("ff".repeat(32));
            assertThat(verifyFails(p, part, 2, PART).field()).contains("sha256");
        }
    }
}
