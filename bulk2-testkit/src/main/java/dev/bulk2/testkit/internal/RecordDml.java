package dev.bulk2.testkit.internal;

import dev.bulk2.testkit.FieldSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Record DML of ingest rows (insert, update, upsert, delete, hardDelete) against an {@link ObjectStore}. */
final class RecordDml {
    private static final String NA = FieldValues.NA;
    private final Engine e;

    RecordDml(Engine e) {
        this.e = e;
    }

    /** Result of one row. */
    static final class Outcome {
        String id;
        boolean created;
        String error;

        void clear() {
            id = null;
            created = false;
            error = null;
        }
    }

    /** Whether a row sets a Person Account field (FirstName, Salutation, Person..., ...__pc). */
    private static boolean hasPersonValue(ObjectStore s, String[] values) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                continue;
            }
            String n = s.fields[i].name();
            if (n.equals("FirstName") || n.equals("MiddleName") || n.equals("Salutation") || n.equals("Suffix")
                    || n.startsWith("Person") || n.endsWith("__pc")) {
                return true;
            }
        }
        return false;
    }

    private static int col(int[] slots, int slot) {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] == slot) {
                return i;
            }
        }
        return -1;
    }

    void apply(Job j, ObjectStore s, int[] slots, String[] original, Outcome out) {
        String[] row = original;
        if (j.relationships != null) {
            row = original.clone();
            String[] norm = new String[1];
            for (int i = 0; i < row.length; i++) {
                HeaderColumns.Relationship rel = j.relationships[i];
                if (rel != null && !row[i].isEmpty() && !row[i].equals(NA)) {
                    String err = HeaderColumns.resolve(rel, row[i], norm);
                    if (err != null) {
                        out.error = err;
                        return;
                    }
                    row[i] = norm[0];
                }
            }
        }
        int idCol = col(slots, s.idSlot);
        String idValue = idCol < 0 ? "" : row[idCol];
        switch (j.operation) {
            case "insert":
                insert(j.seq, s, slots, row, out, -1);
                return;
            case "update": {
                if (idValue.isEmpty()) {
                    out.error = "MISSING_ARGUMENT:Id not specified in an update call:--";
                    return;
                }
                ObjectStore.Rec r = existing(s, idValue, out);
                if (r != null) {
                    update(j.seq, s, slots, row, out, SfId.to18(idValue), r, -1);
                }
                return;
            }
            case "upsert":
                upsert(j, s, slots, row, out);
                return;
            default:
                if (idValue.isEmpty()) {
                    out.error = "MISSING_ARGUMENT:Id not specified in a delete call:--";
                    return;
                }
                ObjectStore.Rec r = existing(s, idValue, out);
                if (r == null) {
                    return;
                }
                String id18 = SfId.to18(idValue);
                if (e.faults.lockError("rec:" + id18)) {
                    out.error = lockError(id18);
                    return;
                }
                String[] v = s.values(r);
                s.unindex(id18, v);
                v[s.isDeletedSlot] = "true";
                v[s.modifiedSlot] = recordNow();
                v[s.modstampSlot] = v[s.modifiedSlot];
                r.packed = PackedRow.pack(v);
                r.deleted = true;
                r.hardDeleted = j.operation.equals("hardDelete");
                r.lastJob = j.seq;
                out.id = id18;
                out.created = false;
        }
    }

    private static String lockError(String id) {
        return "UNABLE_TO_LOCK_ROW:unable to obtain exclusive access to this record or 1 records: " + id + ":--";
    }

    private ObjectStore.Rec existing(ObjectStore s, String idValue, Outcome out) {
        if (!SfId.isWellFormed(idValue) || !idValue.startsWith(s.prefix())) {
            out.error = FieldValues.fieldError("MALFORMED_ID", s.schema.name() + " ID: id value of incorrect type: " + idValue,
                    "Id");
            return null;
        }
        ObjectStore.Rec r = s.find(SfId.to18(idValue));
        if (r == null) {
            out.error = "INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:--";
            return null;
        }
        if (r.deleted) {
            out.error = "ENTITY_IS_DELETED:entity is deleted:--";
            return null;
        }
        return r;
    }

    private void upsert(Job j, ObjectStore s, int[] slots, String[] row, Outcome out) {
        int extSlot = s.slot(j.externalIdFieldName);
        int extCol = col(slots, extSlot);
        String v = extCol < 0 ? "" : row[extCol];
        if (extSlot == s.idSlot) {
            if (v.isEmpty()) {
                insert(j.seq, s, slots, row, out, s.idSlot);
                return;
            }
            ObjectStore.Rec r = existing(s, v, out);
            if (r != null) {
                update(j.seq, s, slots, row, out, SfId.to18(v), r, s.idSlot);
            }
            return;
        }
        if (v.isEmpty() || v.equals(NA)) {
            out.error = "MISSING_ARGUMENT:" + j.externalIdFieldName + " not specified:--";
            return;
        }
        String err = FieldValues.validate(s.fields[extSlot], v, extCol, new String[1]);
        if (err != null) {
            out.error = err;
            return;
        }
        if (j.duplicateKeys != null && j.duplicateKeys.contains(v.toLowerCase(Locale.ROOT))) {
            // Salesforce: a key matched more than once is neither inserted nor updated; every copy fails.
            out.error = "DUPLICATE_VALUE:Duplicate external id specified: " + v + ":--";
            return;
        }
        List<String> ids = s.lookup(extSlot, v);
        if (ids.isEmpty()) {
            insert(j.seq, s, slots, row, out, s.idSlot);
        } else if (ids.size() == 1) {
            ObjectStore.Rec r = s.find(ids.get(0));
            update(j.seq, s, slots, row, out, ids.get(0), r, s.idSlot);
        } else {
            out.error = FieldValues.fieldError("DUPLICATE_EXTERNAL_ID", j.externalIdFieldName
                    + ": more than one record found for external id field: " + ids, j.externalIdFieldName);
        }
    }

    private long cachedMillis = Long.MIN_VALUE;
    private String cachedNow;

    /** Record timestamp (formatting is costly: cached per millisecond). */
    private synchronized String recordNow() {
        long now = e.now();
        if (now != cachedMillis) {
            cachedMillis = now;
            cachedNow = Engine.RECORD_TIME.format(java.time.Instant.ofEpochMilli(now));
        }
        return cachedNow;
    }

    private static final String FLS = ". Please check the security settings of this field and verify that it is"
            + " read/write for your profile or permission set.";

    /** Fills values from the row; returns an error or null. skipSlot: a column to ignore (-1 none). */
    private String fill(ObjectStore s, int[] slots, String[] row, String[] values, boolean create, int skipSlot) {
        String[] norm = new String[1];
        for (int i = 0; i < slots.length; i++) {
            String v = row[i];
            int slot = slots[i];
            if (v.isEmpty() || slot == skipSlot) {
                continue;
            }
            FieldSchema f = s.fields[slot];
            if (slot == s.idSlot) {
                if (create) {
                    return FieldValues.fieldError("INVALID_FIELD_FOR_INSERT_UPDATE", "cannot specify Id in an insert call", "Id");
                }
                continue;
            }
            if (create ? !f.isCreateable() : !f.isUpdateable()) {
                return FieldValues.fieldError("INVALID_FIELD_FOR_INSERT_UPDATE", "Unable to create/update fields: " + f.name()
                        + FLS, f.name());
            }
            if (v.equals(NA)) {
                values[slot] = null;
                continue;
            }
            String err = FieldValues.validate(f, v, i, norm);
            if (err != null) {
                return err;
            }
            values[slot] = norm[0];
        }
        return null;
    }

    private static String required(ObjectStore s, int[] slots, String[] values, boolean create) {
        List<String> missing = null;
        for (int i : s.requiredSlots) {
            if (values[i] == null && (create || s.keep[i])) {
                if (missing == null) {
                    missing = new ArrayList<>();
                }
                missing.add(s.fields[i].name());
            }
        }
        if (missing == null) {
            missing = new ArrayList<>(1);
        }
        if (missing.isEmpty() && create && !s.schema.requireAnyOf().isEmpty()) {
            boolean any = false;
            for (String n : s.schema.requireAnyOf()) {
                any |= values[s.slot(n)] != null;
            }
            if (!any) {
                // A row that carries person fields is a person account and misses [LastName] (the sample's
                // wording); otherwise name the alternative the upload used, so that a business account with an
                // empty Name gets [Name] as real orgs report it (reference section 7); otherwise the first one.
                String reported = s.schema.requireAnyOf().get(0);
                if (!hasPersonValue(s, values)) {
                    for (String n : s.schema.requireAnyOf()) {
                        if (col(slots, s.slot(n)) >= 0) {
                            reported = n;
                            break;
                        }
                    }
                }
                missing.add(s.fields[s.slot(reported)].name());
            }
        }
        if (missing.isEmpty()) {
            return null;
        }
        return "REQUIRED_FIELD_MISSING:Required fields are missing: " + missing.toString() + ":"
                + String.join(",", missing) + " --";
    }

    private static String unique(ObjectStore s, String[] values, String selfId) {
        for (int i : s.uniqueSlots) {
            if (values[i] != null) {
                for (String other : s.lookup(i, values[i])) {
                    if (!other.equals(selfId)) {
                        return "DUPLICATE_VALUE:duplicate value found: " + s.fields[i].name()
                                + " duplicates value on record with id: " + other + ":--";
                    }
                }
            }
        }
        return null;
    }

    private void insert(long jobSeq, ObjectStore s, int[] slots, String[] row, Outcome out, int skipSlot) {
        String[] values = new String[s.fields.length];
        String err = fill(s, slots, row, values, true, skipSlot);
        if (err == null) {
            err = required(s, slots, values, true);
        }
        if (err == null) {
            err = unique(s, values, null);
        }
        if (err == null && e.faults.plan.lockErrorRate() > 0
                && e.faults.lockError("ins:" + s.prefix() + ":" + String.join("\u0001", row))) {
            err = lockError(SfId.make(s.prefix(), 0));
        }
        if (err != null) {
            out.error = err;
            return;
        }
        String id = s.nextId();
        String now = recordNow();
        values[s.idSlot] = id;
        values[s.isDeletedSlot] = "false";
        values[s.createdSlot] = now;
        values[s.modifiedSlot] = now;
        values[s.modstampSlot] = now;
        ObjectStore.Rec r = new ObjectStore.Rec();
        r.lastJob = jobSeq;
        s.put(id, r, null, values);
        out.id = id;
        out.created = true;
    }

    private void update(long jobSeq, ObjectStore s, int[] slots, String[] row, Outcome out, String id18,
            ObjectStore.Rec r, int keySlot) {
        String[] old = s.values(r);
        String[] values = old.clone();
        String err = fill(s, slots, row, values, false, keySlot);
        if (err == null) {
            err = required(s, slots, values, false);
        }
        if (err == null) {
            err = unique(s, values, id18);
        }
        if (err == null && e.faults.plan.lockErrorRate() > 0 && e.faults.lockError("rec:" + id18)) {
            err = lockError(id18);
        }
        if (err != null) {
            out.error = err;
            out.id = id18;
            return;
        }
        String now = recordNow();
        values[s.modifiedSlot] = now;
        values[s.modstampSlot] = now;
        r.lastJob = jobSeq;
        s.put(id18, r, old, values);
        out.id = id18;
        out.created = false;
    }

    // -------------------------------------------------------------------------------------------- seeding

    List<String> seed(ObjectStore s, List<Map<String, String>> rows) {
        List<String> ids = new ArrayList<>();
        s.lock().lock();
        try {
            for (Map<String, String> m : rows) {
                int[] slots = new int[m.size()];
                String[] row = new String[m.size()];
                int i = 0;
                for (Map.Entry<String, String> en : m.entrySet()) {
                    int slot = s.slot(en.getKey());
                    if (slot < 0) {
                        throw new IllegalArgumentException("Field " + en.getKey() + " does not exist on "
                                + s.schema.name());
                    }
                    slots[i] = slot;
                    row[i++] = en.getValue() == null ? NA : en.getValue();
                }
                Outcome out = new Outcome();
                insertNoFaults(s, slots, row, out);
                if (out.error != null) {
                    throw new IllegalArgumentException("Cannot seed " + s.schema.name() + " record " + m.keySet()
                            + ": " + out.error);
                }
                ids.add(out.id);
            }
        } finally {
            s.lock().unlock();
        }
        return ids;
    }

    private void insertNoFaults(ObjectStore s, int[] slots, String[] row, Outcome out) {
        String[] values = new String[s.fields.length];
        String err = fill(s, slots, row, values, true, -1);
        if (err == null) {
            err = required(s, slots, values, true);
        }
        if (err == null) {
            err = unique(s, values, null);
        }
        if (err != null) {
            out.error = err;
            return;
        }
        String id = s.nextId();
        String now = recordNow();
        values[s.idSlot] = id;
        values[s.isDeletedSlot] = "false";
        values[s.createdSlot] = now;
        values[s.modifiedSlot] = now;
        values[s.modstampSlot] = now;
        ObjectStore.Rec r = new ObjectStore.Rec();
        s.put(id, r, null, values);
        out.id = id;
        out.created = true;
    }
}
