package dev.bulk2.examples.sync;

import dev.bulk2.core.org.FieldDescribe;
import dev.bulk2.core.org.FieldType;
import dev.bulk2.core.org.SObjectDescribe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sync's own checks, before anything is read or sent: the mapping against the org once ({@link #of}), then
 * each row before it is spooled ({@link #check}), then the SDK's value rules over the row's field texts
 * ({@link #valueRules}: describe-based checks of every column: picklists, dates, numbers, e-mail, ids, characters);
 * each segment's upload then runs the SDK's offline pre-flight (structure, the limits; refused rows pre-rejected). What stays here is what must fail
 * before the ERP is read, or what the report should name with Salesforce's own code: every mapped field must exist
 * and be createable and updateable (else a configuration error, exit 2, before a million rows are read), the
 * local {@link RowCheck} (last name, stricter e-mail), and a text value longer than its field, rejected as
 * Salesforce's {@code STRING_TOO_LONG} with both lengths. Stateless after construction.
 */
interface PreFlight {
    /**
     * @param row a row about to be spooled
     * @return why the org would refuse it, or null when it may be sent
     */
    RowCheck.Reject check(ErpRow row);

    /**
     * The SDK's value rules for the spooled rows ({@link dev.bulk2.core.plan.ValueRules}: the describe-based checks
     * of its pre-flight, applied to each row's field texts as it is spooled, so that the segments' own pre-flight
     * stays offline), or null without a describe or with {@code preflight.enabled=false}.
     *
     * @param header the spool's columns
     * @return the rules, or null
     * @throws ConfigException if the SDK's header check refuses the columns (for example an upsert key that is not
     *     an External ID field)
     */
    default dev.bulk2.core.plan.ValueRules valueRules(List<String> header) {
        return null;
    }

    /**
     * Why a run would leave this row out of its uploads, as the spool decides it: the row checks (active rows),
     * then the SDK's value rules over the row's field texts. The read-back uses it to explain an ERP row that has
     * no record in Salesforce.
     *
     * @param csv the spool's mapping (its columns and the row's field texts)
     * @return the refusal of a row, or null when the row would be sent
     */
    default java.util.function.Function<ErpRow, RowCheck.Reject> refusal(
            dev.bulk2.csv.CsvMapping<ErpRow> csv) {
        dev.bulk2.core.plan.ValueRules rules = valueRules(csv.columns());
        return row -> {
            RowCheck.Reject why = row.active ? check(row) : null;
            if (why != null || rules == null) {
                return why;
            }
            return rules.check(0, csv.values(row)).map(p -> new RowCheck.Reject(p.kind().name(), p.message(),
                    p.field().orElse(""))).orElse(null);
        };
    }

    /**
     * The pre-flight of this configuration.
     *
     * @param config the settings ({@code preflight.enabled=false} keeps only the local checks)
     * @param mapping the field mapping
     * @param describe the object's describe, or null when not available
     * @return the checks
     * @throws ConfigException if a mapped field is missing or read-only in the org
     */
    static PreFlight of(SyncConfig config, FieldMapping mapping, SObjectDescribe describe) {
        RowCheck local = new RowCheck(mapping);
        if (!config.preflight || describe == null) {
            return local::check;
        }
        List<String> needed = new ArrayList<>(mapping.fields().keySet());
        if (config.deactivationMode == SyncConfig.DeactivationMode.UPDATE_FIELD) {
            needed.add(config.deactivationField);
        }
        Map<String, Integer> maxLength = new LinkedHashMap<>();
        for (String name : needed) {
            FieldDescribe f = describe.field(name).orElseThrow(() -> new ConfigException("the org's "
                    + describe.name() + " has no field " + name + " (mapping or deactivation.field); fields are"
                    + " checked with the object's describe"));
            if (!f.isCreateable() || !f.isUpdateable()) {
                throw new ConfigException(describe.name() + "." + name + " is not createable and updateable for the"
                        + " integration user (check its field-level security)");
            }
            if (f.length() > 0 && (f.type() == FieldType.STRING || f.type() == FieldType.TEXTAREA
                    || f.type() == FieldType.PHONE || f.type() == FieldType.EMAIL)) {
                maxLength.put(name, f.length());
            }
        }
        int n = maxLength.size();
        String[] fields = new String[n];
        String[] columns = new String[n];
        ErpRow.Column[] refs = new ErpRow.Column[n];
        int[] max = new int[n];
        int k = 0;
        for (Map.Entry<String, Integer> e : maxLength.entrySet()) {
            fields[k] = e.getKey();
            columns[k] = mapping.columnOf(e.getKey());
            refs[k] = columns[k] == null ? null : new ErpRow.Column(columns[k]);
            max[k] = e.getValue();
            k++;
        }
        PreFlight rows = row -> {
            RowCheck.Reject r = local.check(row);
            if (r != null) {
                return r;
            }
            for (int i = 0; i < n; i++) {
                Object v = refs[i] == null ? null : refs[i].get(row);
                if (v != null) {
                    String text = v.toString();
                    if (text.length() > max[i]) {
                        return new RowCheck.Reject("STRING_TOO_LONG", fields[i] + ": data value too large: "
                                + text.length() + " characters, max " + max[i] + " (ERP column " + columns[i]
                                + ")", fields[i]);
                    }
                }
            }
            return null;
        };
        return new PreFlight() {
            @Override
            public RowCheck.Reject check(ErpRow row) {
                return rows.check(row);
            }

            @Override
            public dev.bulk2.core.plan.ValueRules valueRules(List<String> header) {
                dev.bulk2.core.plan.ValueRules rules = dev.bulk2.core.plan.ValueRules.of(describe,
                        dev.bulk2.core.Operation.UPSERT, config.externalIdField, header);
                if (!rules.headerProblems().isEmpty()) {
                    throw new ConfigException("the SDK's pre-flight refuses the columns " + header + ": "
                            + rules.headerProblems().get(0).describe());
                }
                return rules;
            }
        };
    }
}
