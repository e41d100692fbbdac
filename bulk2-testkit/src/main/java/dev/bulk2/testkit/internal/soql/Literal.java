package dev.bulk2.testkit.internal.soql;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A typed literal of a WHERE clause. Immutable.
 */
final class Literal {

    private static final DateTimeFormatter UTC_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** Literal types. */
    enum Kind {
        STRING, NUMBER, BOOLEAN, DATE, DATETIME, NULL
    }

    final Kind kind;
    /** Decoded value for strings; the text as written otherwise ("null" for NULL). */
    final String text;
    final BigDecimal number;
    final Boolean bool;
    final LocalDate date;
    final Instant instant;
    /** For date-times: the instant as {@code yyyy-MM-ddTHH:mm:ss.SSS} in UTC (for text comparison); else null. */
    final String utcText;
    /** For strings: the LIKE pattern (escaped % and _ taken literally); null otherwise. */
    final Pattern like;

    private Literal(Kind kind, String text, BigDecimal number, Boolean bool, LocalDate date, Instant instant,
            Pattern like) {
        this.kind = kind;
        this.text = text;
        this.number = number;
        this.bool = bool;
        this.date = date;
        this.instant = instant;
        this.utcText = instant == null ? null : UTC_MILLIS.format(instant);
        this.like = like;
    }

    static Literal string(String decoded, Pattern like) {
        return new Literal(Kind.STRING, decoded, null, null, null, null, like);
    }

    static Literal number(String text, BigDecimal value) {
        return new Literal(Kind.NUMBER, text, value, null, null, null, null);
    }

    static Literal bool(boolean value) {
        return new Literal(Kind.BOOLEAN, Boolean.toString(value), null, value, null, null, null);
    }

    static Literal date(String text, LocalDate value) {
        return new Literal(Kind.DATE, text, null, null, value, null, null);
    }

    static Literal dateTime(String text, Instant value) {
        return new Literal(Kind.DATETIME, text, null, null, null, value, null);
    }

    static Literal nullLiteral() {
        return new Literal(Kind.NULL, "null", null, null, null, null, null);
    }

    @Override
    public String toString() {
        return kind == Kind.STRING ? "'" + text + "'" : text;
    }
}
