package dev.bulk2.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link RecordError} splits its text by index, lazily. These tests hold it to the rules of its Javadoc, written
 * out below with {@code trim}, {@code substring} and {@code split} (the first implementation), on edge cases and
 * on random texts made of the characters that matter.
 */
class RecordErrorTest {

    /** The rules with String operations: code, message, fields. */
    private static List<Object> reference(String raw) {
        String text = raw.trim();
        int colon = text.indexOf(':');
        if (colon <= 0 || !isCode(text.substring(0, colon))) {
            return List.of("", text, List.of());
        }
        String code = text.substring(0, colon);
        String rest = text.substring(colon + 1);
        if (!rest.endsWith("--")) {
            return List.of(code, rest.trim(), List.of());
        }
        String body = rest.substring(0, rest.length() - 2);
        int last = body.lastIndexOf(':');
        if (last < 0) {
            return List.of(code, body.trim(), List.of());
        }
        String tail = body.substring(last + 1).trim();
        List<String> fields = new ArrayList<>();
        if (!tail.isEmpty()) {
            for (String f : tail.split(",")) {
                String name = f.trim();
                if (!name.matches("[A-Za-z][A-Za-z0-9_.:]*")) {
                    return List.of(code, body.trim(), List.of());
                }
                fields.add(name);
            }
        }
        return List.of(code, body.substring(0, last).trim(), fields);
    }

    private static boolean isCode(String s) {
        return s.matches("[A-Z][A-Z0-9_]*");
    }

    private static List<Object> actual(String raw) {
        RecordError e = RecordError.parse(raw);
        return List.of(e.code(), e.message(), e.fields());
    }

    @Test
    void edgeCases_followTheRules() {
        String[] cases = {"", " ", ":", "--", ":--", "X", "X:", "X:--", "X:-", "X: --", "X:a:--", "X:a: --",
            "X:a:, --", "X:a:,, --", "X:a:A,,B --", "X:a:A,B,, --", "X:a:A, , --", "X:a:A ,B --", "X:a:,A --",
            "X:a: A , B --", "X:a:A.b__c:d --", "X:a:1A --", "X:a:A-B --", "  X:a:B --  ", "\tX:a:B --\n",
            "x:a:B --", "X1_:a --", "1X:a --", "X Y:a --", "X::--", "X:::--", "X:a:b:c --", "X:a:b:c d --",
            "X:--:--", "X:a:B----", "X:a:B,C", "ÄX:a --", "X:é:B --", "X:a:Bé --", ":X:a --"};
        for (String c : cases) {
            assertThat(actual(c)).as("'%s'", c).isEqualTo(reference(c));
        }
    }

    @Test
    void randomTexts_followTheRules() {
        String alphabet = "AB1_aZ:,-- .é";
        Random rnd = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = rnd.nextInt(14);
            for (int k = 0; k < n; k++) {
                sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            if (rnd.nextBoolean()) {
                sb.append(" --");
            }
            String raw = sb.toString();
            assertThat(actual(raw)).as("'%s'", raw).isEqualTo(reference(raw));
        }
    }

    @Test
    void parts_areSplitOnce_andFieldListsAreUnmodifiable() {
        RecordError e = RecordError.parse("FIELD_INTEGRITY_EXCEPTION:bad combo:FirstName,LastName --");
        assertThat(e.code()).isSameAs(e.code());
        assertThat(e.fields()).containsExactly("FirstName", "LastName").isSameAs(e.fields());
        assertThatThrownBy(() -> e.fields().add("x")).isInstanceOf(UnsupportedOperationException.class);
        RecordError one = RecordError.parse("REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --");
        assertThat(one.fields()).containsExactly("Name");
        assertThatThrownBy(() -> one.fields().set(0, "x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(RecordError.parse("X:y:--").fields()).isEqualTo(Collections.emptyList());
        assertThatThrownBy(() -> RecordError.parse(null)).isInstanceOf(NullPointerException.class);
    }
}
