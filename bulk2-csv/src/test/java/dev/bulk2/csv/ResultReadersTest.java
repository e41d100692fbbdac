package dev.bulk2.csv;

import static dev.bulk2.csv.CsvTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResultReadersTest {

    private static InputStream fixture(String name) {
        return ResultReadersTest.class.getResourceAsStream("/fixtures/" + name);
    }

    private static InputStream text(String s) {
        return new ByteArrayInputStream(bytes(s));
    }

    @Test
    void successful_fixture_idsCreatedAndEchoedColumns() {
        try (SuccessfulResultReader r = SuccessfulResultReader.open(fixture("ingest-successful-results.csv"),
                CsvDialect.defaults())) {
            assertThat(r.columns()).startsWith("Client_Id__c", "RecordTypeId").doesNotContain("sf__Id");
            List<SuccessfulRecord> all = new ArrayList<>();
            r.forEach(all::add);
            assertThat(all).hasSize(4);
            SuccessfulRecord first = all.get(0);
            assertThat(first.id()).isEqualTo("001Ws00000Q1kR3IAJ");
            assertThat(first.created()).isTrue();
            assertThat(first.field("Client_Id__c")).hasValue("C-1003");
            assertThat(first.field("personmailingstreet")).as("case-insensitive fallback")
                    .hasValue("1 Navy Way, Apt 2");
            assertThat(first.field("Nope")).isEmpty();
            assertThat(first.fields().keySet()).containsExactlyElementsOf(r.columns());
            assertThat(all.get(1).created()).isFalse();
            assertThat(all.get(3).field("PersonMobilePhone")).hasValue("#N/A");
        }
    }

    @Test
    void failed_fixture_errorSplitIntoCodeMessageFields() {
        try (FailedResultReader r = FailedResultReader.open(fixture("ingest-failed-results.csv"),
                CsvDialect.defaults())) {
            List<FailedRecord> all = r.stream().collect(Collectors.toList());
            assertThat(all).hasSize(2);
            FailedRecord first = all.get(0);
            assertThat(first.id()).isEmpty();
            assertThat(first.error().code()).isEqualTo("REQUIRED_FIELD_MISSING");
            assertThat(first.error().message()).isEqualTo("Required fields are missing: [LastName]");
            assertThat(first.error().fields()).containsExactly("LastName");
            assertThat(first.field("Client_Id__c")).hasValue("C-1006");
            assertThat(first.field("LastName")).hasValue("");
            FailedRecord second = all.get(1);
            assertThat(second.error().message()).isEqualTo("Email: invalid email address: linus@@example");
            assertThat(second.error().fields()).containsExactly("PersonEmail");
        }
    }

    @Test
    void readers_acceptCrlfBackquoteAndBom() {
        String body = "\uFEFF\"sf__Id\"`\"sf__Error\"`Name`Note\r\n"
                + "\"001A\"`\"UNABLE_TO_LOCK_ROW:unable to obtain exclusive access to this record:--\"`Acme`\"a`b\"\r\n";
        try (FailedResultReader r = FailedResultReader.open(text(body),
                CsvDialect.of(ColumnDelimiter.BACKQUOTE, LineEnding.LF))) {
            FailedRecord rec = r.iterator().next();
            assertThat(rec.id()).hasValue("001A");
            assertThat(rec.error().code()).isEqualTo("UNABLE_TO_LOCK_ROW");
            assertThat(rec.error().fields()).isEmpty();
            assertThat(rec.fields()).containsExactly(java.util.Map.entry("Name", "Acme"),
                    java.util.Map.entry("Note", "a`b"));
        }
    }

    @Test
    void readers_emptyBodyOrHeaderOnly_giveNoRows() {
        try (SuccessfulResultReader r = SuccessfulResultReader.open(text(""), CsvDialect.defaults())) {
            assertThat(r.columns()).isEmpty();
            assertThat(r.iterator().hasNext()).isFalse();
        }
        try (FailedResultReader r = FailedResultReader.open(text("\"sf__Id\",\"sf__Error\",Name\n"),
                CsvDialect.defaults())) {
            assertThat(r.columns()).containsExactly("Name");
            assertThat(r.stream().count()).isZero();
        }
        try (UnprocessedResultReader r = UnprocessedResultReader.open(text("Name,Phone\r\n\r\n"),
                CsvDialect.defaults())) {
            assertThat(r.stream().count()).isZero();
        }
    }

    @Test
    void failed_withoutSfIdColumn_beforeApi53() {
        try (FailedResultReader r = FailedResultReader.open(text("\"sf__Error\",Name\n\"X:y:--\",A\n"),
                CsvDialect.defaults())) {
            FailedRecord rec = r.iterator().next();
            assertThat(rec.id()).isEmpty();
            assertThat(rec.field("Name")).hasValue("A");
        }
    }

    @Test
    void unprocessed_fieldsInOrder() {
        try (UnprocessedResultReader r = UnprocessedResultReader.open(fixture("ingest-person-accounts-upload.csv"),
                CsvDialect.defaults())) {
            UnprocessedRecord first = r.iterator().next();
            assertThat(first.fields().keySet()).containsExactlyElementsOf(r.columns());
            assertThat(first.field("Client_Id__c")).hasValue("C-1001");
            assertThat(first.field("PersonMailingState")).hasValue("");
        }
    }

    @Test
    void readers_malformedInput_typedErrors() {
        assertThatThrownBy(() -> SuccessfulResultReader.open(text("Id,Name\n1,2\n"), CsvDialect.defaults()))
                .isInstanceOf(CsvFormatException.class).hasMessageContaining("'sf__Id'")
                .extracting(e -> ((CsvFormatException) e).kind()).isEqualTo(CsvFormatException.Kind.MISSING_COLUMN);
        try (SuccessfulResultReader r = SuccessfulResultReader.open(
                text("\"sf__Id\",\"sf__Created\",Name\n\"1\",\"true\",\"open\n"), CsvDialect.defaults())) {
            assertThatThrownBy(() -> r.iterator().next()).isInstanceOf(CsvFormatException.class)
                    .extracting(e -> ((CsvFormatException) e).kind())
                    .isEqualTo(CsvFormatException.Kind.UNTERMINATED_QUOTE);
        }
        try (SuccessfulResultReader r = SuccessfulResultReader.open(
                text("\"sf__Id\",\"sf__Created\",Name\n\"1\",\"true\"\n"), CsvDialect.defaults())) {
            assertThatThrownBy(() -> r.iterator().next()).isInstanceOf(CsvFormatException.class)
                    .hasMessageContaining("2 fields but the header has 3");
        }
        SuccessfulResultReader r = SuccessfulResultReader.open(text("\"sf__Id\",\"sf__Created\"\n"),
                CsvDialect.defaults());
        r.iterator();
        assertThatThrownBy(r::iterator).isInstanceOf(IllegalStateException.class);
        r.close();
    }

    @Test
    void records_lineIsWhereTheyEnd_andFieldsAreAViewInFileOrder() {
        String body = "\"sf__Id\",\"sf__Created\",Name,Note,name\n"
                + "\"001A\",\"true\",Acme,\"two\nlines\",dup\n"
                + "\n"
                + "\"001B\",\"false\",Beta,x,dup2\n";
        try (SuccessfulResultReader r = SuccessfulResultReader.open(text(body), CsvDialect.defaults())) {
            assertThat(r.columns()).containsExactly("Name", "Note", "name");
            List<SuccessfulRecord> all = new ArrayList<>();
            r.forEach(all::add);
            assertThat(all).extracting(ResultRecord::line).containsExactly(3L, 5L);
            SuccessfulRecord a = all.get(0);
            assertThat(a.fields()).containsExactly(java.util.Map.entry("Name", "Acme"),
                    java.util.Map.entry("Note", "two\nlines"), java.util.Map.entry("name", "dup"));
            assertThat(a.fields()).isEqualTo(java.util.Map.of("Name", "Acme", "Note", "two\nlines", "name", "dup"))
                    .hasSameHashCodeAs(java.util.Map.of("Name", "Acme", "Note", "two\nlines", "name", "dup"));
            assertThat(a.field("NAME")).as("case-insensitive: the first column").hasValue("Acme");
            assertThat(a.field("name")).as("exact match first").hasValue("dup");
            assertThat(a.fields().get("sf__Id")).isNull();
            assertThatThrownBy(() -> a.fields().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
            assertThat(a.toString()).isEqualTo("SuccessfulRecord{id=001A, created=true, fields={Name=Acme, "
                    + "Note=two\nlines, name=dup}}");
        }
        try (SuccessfulResultReader r1 = SuccessfulResultReader.open(text(body), CsvDialect.defaults());
                SuccessfulResultReader r2 = SuccessfulResultReader.open(text(body.replace("\n\n", "\n")),
                        CsvDialect.defaults())) {
            List<SuccessfulRecord> one = r1.stream().collect(Collectors.toList());
            List<SuccessfulRecord> two = r2.stream().collect(Collectors.toList());
            assertThat(one).isEqualTo(two);
            assertThat(one.get(0)).hasSameHashCodeAs(two.get(0)).isNotEqualTo(two.get(1));
        }
    }

    @Test
    void unprocessed_duplicateHeaderNames_mapToTheFirstColumn() {
        try (UnprocessedResultReader r = UnprocessedResultReader.open(text("A,B,A\n1,2,3\n"),
                CsvDialect.defaults())) {
            UnprocessedRecord rec = r.iterator().next();
            assertThat(r.columns()).containsExactly("A", "B", "A");
            assertThat(rec.fields()).hasSize(2).containsExactly(java.util.Map.entry("A", "1"),
                    java.util.Map.entry("B", "2"));
            assertThat(rec.field("A")).hasValue("1");
        }
    }

    @Test
    void readers_textAfterAClosingQuote_isStrayQuoteWithLineAndColumn() {
        try (FailedResultReader r = FailedResultReader.open(
                text("\"sf__Id\",\"sf__Error\",Name\n\"\",\"X:y:--\"z,A\n"), CsvDialect.defaults())) {
            java.util.Iterator<FailedRecord> it = r.iterator();
            assertThatThrownBy(it::next).isInstanceOfSatisfying(CsvFormatException.class, e -> {
                assertThat(e.kind()).isEqualTo(CsvFormatException.Kind.STRAY_QUOTE);
                assertThat(e.line()).isEqualTo(2);
                assertThat(e.column()).hasValue(2);
            }).hasMessageContaining("failed results");
            assertThat(it.hasNext()).as("closed after the error").isFalse();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --|REQUIRED_FIELD_MISSING|Required fields are missing: [Name]|Name",
        "INVALID_EMAIL_ADDRESS:Email: invalid email address: jo@@example:PersonEmail --|INVALID_EMAIL_ADDRESS|Email: invalid email address: jo@@example|PersonEmail",
        "DUPLICATE_VALUE:duplicate value found: Client_Id__c duplicates value on record with id: 001Ws00000Q1kQZIAZ:--|DUPLICATE_VALUE|duplicate value found: Client_Id__c duplicates value on record with id: 001Ws00000Q1kQZIAZ|",
        "INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:--|INVALID_CROSS_REFERENCE_KEY|invalid cross reference id|",
        "FIELD_INTEGRITY_EXCEPTION:bad combo:FirstName,LastName --|FIELD_INTEGRITY_EXCEPTION|bad combo|FirstName;LastName",
        "MALFORMED_ID:Account ID: id value of incorrect type: 12345:Id --|MALFORMED_ID|Account ID: id value of incorrect type: 12345|Id",
        "CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY:trigger says: no way --|CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY|trigger says: no way|",
        "UNKNOWN_EXCEPTION:something broke|UNKNOWN_EXCEPTION|something broke|",
        "not a coded error|~~|not a coded error|"
    })
    void recordError_parse(String raw, String code, String message, String fields) {
        RecordError e = RecordError.parse(raw);
        assertThat(e.code()).isEqualTo(code == null ? "" : code);
        assertThat(e.message()).isEqualTo(message);
        assertThat(e.fields()).isEqualTo(fields == null ? List.of() : List.of(fields.split(";")));
        assertThat(e.raw()).isEqualTo(raw);
        assertThat(e).isEqualTo(RecordError.parse(raw)).hasSameHashCodeAs(RecordError.parse(raw));
        assertThat(Optional.of(e.toString())).hasValueSatisfying(s -> assertThat(s).contains(e.code()));
    }
}
