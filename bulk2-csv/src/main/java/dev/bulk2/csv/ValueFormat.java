package dev.bulk2.csv;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Date;
import java.util.Locale;
import java.util.Optional;

/** Renders Java values in the text formats Salesforce expects in Bulk API 2.0 CSV. */
final class ValueFormat {

    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT);
    static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private ValueFormat() {
    }

    /** Formats any supported value; null stays null. */
    static String any(String column, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof CharSequence) {
            return value.toString();
        }
        if (value instanceof Optional) {
            return any(column, ((Optional<?>) value).orElse(null));
        }
        if (value instanceof Boolean) {
            return ((Boolean) value) ? "true" : "false";
        }
        if (value instanceof Number) {
            return decimal(column, (Number) value);
        }
        if (value instanceof LocalDate) {
            return date((LocalDate) value);
        }
        if (value instanceof Instant || value instanceof OffsetDateTime || value instanceof ZonedDateTime
                || value instanceof LocalDateTime) {
            return dateTime(column, (TemporalAccessor) value);
        }
        if (value instanceof Date) {
            if (value.getClass().getName().equals("java.sql.Date")) {
                return value.toString();
            }
            return DATE_TIME.format(Instant.ofEpochMilli(((Date) value).getTime()));
        }
        if (value instanceof Enum) {
            return ((Enum<?>) value).name();
        }
        return value.toString();
    }

    static String date(LocalDate value) {
        return value == null ? null : DATE.format(value);
    }

    static String dateTime(String column, TemporalAccessor value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant) {
            return DATE_TIME.format(value);
        }
        if (!value.isSupported(ChronoField.INSTANT_SECONDS)) {
            throw new CsvException("Column '" + column + "': a " + value.getClass().getSimpleName()
                    + " has no time zone, so it cannot be written as a Salesforce dateTime (UTC). Convert it, for"
                    + " example with atZone(ZoneId.of(\"Europe/Paris\")).toInstant().");
        }
        return DATE_TIME.format(Instant.from(value));
    }

    static String bool(Boolean value) {
        return value == null ? null : value ? "true" : "false";
    }

    static String decimal(String column, Number value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal) {
            return ((BigDecimal) value).toPlainString();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = value.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new CsvException("Column '" + column + "': " + d + " cannot be written to Salesforce; use"
                        + " null (NullValue.SET_NULL or LEAVE_UNCHANGED) or a finite number.");
            }
            return new BigDecimal(value.toString()).toPlainString();
        }
        if (value instanceof BigInteger || value instanceof Long || value instanceof Integer
                || value instanceof Short || value instanceof Byte) {
            return value.toString();
        }
        return new BigDecimal(value.toString()).toPlainString();
    }
}
