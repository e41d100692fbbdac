package dev.bulk2.examples.sync;

import dev.bulk2.core.org.FieldDescribe;
import dev.bulk2.core.org.FieldType;
import dev.bulk2.core.org.SObjectDescribe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pre-flight of a run: checks the mapping against the org once ({@link #of}), then each row before it is
 * spooled ({@link #check}). This is the seam where the SDK's own pre-flight ({@code plan(...)}, coming in
 * bulk2-core) plugs in: today it is the local {@link RowCheck} plus the org's describe
 * ({@code BulkClient.describe}): every mapped field must exist and be createable and updateable (else a
 * configuration error, exit 2), and a text value longer than the field is pre-rejected as
 * {@code STRING_TOO_LONG}. Picklist values are left to Salesforce, since a restricted picklist's values can
 * depend on the record type, which the describe does not say. Stateless after construction.
 */
interface PreFlight {
    /**
     * @param row a row about to be spooled
     * @return why the org would refuse it, or null when it may be sent
     */
    RowCheck.Reject check(ErpRow row);

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
        return row -> {
            RowCheck.Reject r = local.check(row);
            if (r != null) {
                return r;
            }
            for (Map.Entry<String, Integer> e : maxLength.entrySet()) {
                String column = mapping.columnOf(e.getKey());
                Object v = column == null ? null : row.get(column);
                if (v != null && v.toString().length() > e.getValue()) {
                    return new RowCheck.Reject("STRING_TOO_LONG", e.getKey() + ": data value too large: "
                            + v.toString().length() + " characters, max " + e.getValue() + " (ERP column " + column
                            + ")", e.getKey());
                }
            }
            return null;
        };
    }
}
