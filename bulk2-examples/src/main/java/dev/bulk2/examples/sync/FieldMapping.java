package dev.bulk2.examples.sync;

import dev.bulk2.csv.CsvMapping;
import dev.bulk2.csv.NullValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The user-editable mapping from ERP columns to Salesforce fields: lines {@code SalesforceField = erp_column},
 * {@code #} comments, sent in file order. Immutable.
 */
final class FieldMapping {
    static final String BUILT_IN = "/erp-sync/default-mapping.properties";

    /** Salesforce field to ERP column, in file order. */
    private final Map<String, String> fields;
    private final String source;

    private FieldMapping(Map<String, String> fields, String source) {
        this.fields = Collections.unmodifiableMap(fields);
        this.source = source;
    }

    /**
     * Reads the mapping file, or the built-in one when {@code file} is null.
     *
     * @throws ConfigException on a syntax error (with the line number)
     */
    static FieldMapping load(Path file) {
        try (InputStream in = file == null ? FieldMapping.class.getResourceAsStream(BUILT_IN)
                : Files.newInputStream(file)) {
            if (in == null) {
                throw new ConfigException("built-in mapping " + BUILT_IN + " is missing from the jar");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)),
                    file == null ? "built-in mapping" : file.toString());
        } catch (IOException e) {
            throw new ConfigException("cannot read mapping file " + file + ": " + e.getMessage());
        }
    }

    static FieldMapping parse(BufferedReader reader, String source) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        String line;
        int n = 0;
        while ((line = reader.readLine()) != null) {
            n++;
            String t = line.trim();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            int eq = t.indexOf('=');
            String field = eq < 0 ? "" : t.substring(0, eq).trim();
            String column = eq < 0 ? "" : t.substring(eq + 1).trim();
            if (!field.matches("[A-Za-z][A-Za-z0-9_]*") || !column.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new ConfigException(source + " line " + n + ": expected 'SalesforceField = erp_column', got '"
                        + t + "'");
            }
            if (m.put(field, column.toLowerCase(Locale.ROOT)) != null) {
                throw new ConfigException(source + " line " + n + ": field " + field + " is mapped twice");
            }
        }
        if (m.isEmpty()) {
            throw new ConfigException(source + ": maps no field");
        }
        return new FieldMapping(m, source);
    }

    /**
     * Checks the mapping against the ERP table and the configuration.
     *
     * @param columns the table's columns (lower case)
     * @throws ConfigException naming the first unknown column or missing mapping
     */
    void validate(Collection<String> columns, SyncConfig config) {
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (!columns.contains(e.getValue())) {
                throw new ConfigException(source + ": unknown ERP column '" + e.getValue() + "' (mapped to "
                        + e.getKey() + "); table " + config.table + " has " + new TreeSet<>(columns));
            }
        }
        String key = fields.get(config.externalIdField);
        if (key == null || !key.equals(config.keyColumn.toLowerCase(Locale.ROOT))) {
            throw new ConfigException(source + ": " + config.externalIdField + " must be mapped to the key column "
                    + config.keyColumn);
        }
        for (String reserved : new String[] {"RecordTypeId", config.deactivationField}) {
            if (fields.containsKey(reserved)) {
                throw new ConfigException(source + ": do not map " + reserved
                        + "; it comes from the configuration (sf.recordTypeId / deactivation.field)");
            }
        }
    }

    /** @return Salesforce field to ERP column, in file order */
    Map<String, String> fields() {
        return fields;
    }

    /** @return the ERP column mapped to a Salesforce field, or null */
    String columnOf(String sfField) {
        return fields.get(sfField);
    }

    /**
     * The CSV columns of the upsert: the mapped fields, then {@code RecordTypeId} (if known) and the inactive
     * flag (in {@link SyncConfig.DeactivationMode#UPDATE_FIELD} mode). ERP nulls clear the Salesforce field.
     */
    CsvMapping<ErpRow> csvMapping(SyncConfig config, String recordTypeId) {
        CsvMapping.Builder<ErpRow> b = CsvMapping.<ErpRow>builder();
        for (Map.Entry<String, String> e : fields.entrySet()) {
            ErpRow.Column column = new ErpRow.Column(e.getValue());
            boolean isKey = e.getKey().equals(config.externalIdField);
            b.column(e.getKey(), isKey ? r -> text(column.get(r)) : r -> r.tombstone ? "" : text(column.get(r)),
                    isKey ? NullValue.LEAVE_UNCHANGED : NullValue.SET_NULL);
        }
        if (recordTypeId != null && !recordTypeId.isEmpty()) {
            b.column("RecordTypeId", r -> r.tombstone ? "" : recordTypeId);
        }
        if (config.deactivationMode == SyncConfig.DeactivationMode.UPDATE_FIELD) {
            b.booleanColumn(config.deactivationField, r -> !r.active);
        }
        return b.build();
    }

    /** The CSV mapping's date format, for the years {@link #text} does not write itself (signed, five digits). */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT);

    /**
     * @param v a row's value
     * @return a {@link LocalDate} as the CSV mapping writes it ({@code uuuu-MM-dd}; years 0 to 9999 without the
     *     formatter), any other value unchanged
     */
    static Object text(Object v) {
        if (v instanceof LocalDate) {
            LocalDate d = (LocalDate) v;
            int y = d.getYear();
            if (y < 0 || y > 9999) {
                return DATE.format(d);
            }
            int m = d.getMonthValue();
            int day = d.getDayOfMonth();
            char[] c = {(char) ('0' + y / 1000), (char) ('0' + y / 100 % 10), (char) ('0' + y / 10 % 10),
                (char) ('0' + y % 10), '-', (char) ('0' + m / 10), (char) ('0' + m % 10), '-',
                (char) ('0' + day / 10), (char) ('0' + day % 10)};
            return new String(c);
        }
        return v;
    }

    /** @return the fields to read back from Salesforce for comparison (mapped ones and the inactive flag) */
    List<String> comparedFields(SyncConfig config) {
        List<String> l = new ArrayList<>(fields.keySet());
        if (config.deactivationMode == SyncConfig.DeactivationMode.UPDATE_FIELD) {
            l.add(config.deactivationField);
        }
        return l;
    }

    /** The value Salesforce should hold for a field of a row, as the API returns it (empty for null). */
    String expected(ErpRow row, String sfField, SyncConfig config) {
        if (sfField.equals(config.deactivationField) && !fields.containsKey(sfField)) {
            return String.valueOf(!row.active);
        }
        Object v = row.get(fields.get(sfField));
        if (v == null) {
            return "";
        }
        if (v instanceof LocalDate) {
            return v.toString();
        }
        return String.valueOf(v);
    }

    @Override
    public String toString() {
        return "FieldMapping{" + source + ": " + fields + "}";
    }
}
