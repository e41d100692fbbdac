package dev.bulk2.testkit.internal;

import dev.bulk2.testkit.FieldSchema;
import dev.bulk2.testkit.ObjectSchema;
import dev.bulk2.testkit.StoreMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * In-memory records of one sObject. Records are addressed by the sequence number encoded in their id
 * ({@link SfId#seqOf}); values are packed ({@link PackedRow}). External-id and unique fields are indexed
 * case-insensitively. Guard every access with {@link #lock()}.
 */
public final class ObjectStore {
    /** A stored record. */
    static final class Rec {
        byte[] packed;
        boolean deleted;
        boolean hardDeleted;
        long lastJob;
    }

    final ObjectSchema schema;
    final String[] fieldNames;
    final FieldSchema[] fields;
    final Map<String, Integer> slotByLower = new HashMap<>();
    final boolean[] keep;
    final boolean[] indexed;
    final StoreMode mode;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayList<Rec> bySeq = new ArrayList<>();
    private final Map<Integer, Map<String, Object>> indexes = new HashMap<>();
    final int idSlot;
    final int isDeletedSlot;
    final int createdSlot;
    final int modifiedSlot;
    final int modstampSlot;
    final int isPersonSlot;
    final int lastNameSlot;
    final int[] requiredSlots;
    final int[] uniqueSlots;
    private final int[] indexSlots;
    private final List<Map<String, Object>> indexMaps = new ArrayList<>();

    ObjectStore(ObjectSchema schema, StoreMode mode) {
        this.schema = schema;
        this.mode = mode;
        List<FieldSchema> fs = schema.fields();
        this.fields = fs.toArray(new FieldSchema[0]);
        this.fieldNames = new String[fields.length];
        this.keep = new boolean[fields.length];
        this.indexed = new boolean[fields.length];
        for (int i = 0; i < fields.length; i++) {
            fieldNames[i] = fields[i].name();
            slotByLower.put(fieldNames[i].toLowerCase(Locale.ROOT), i);
            indexed[i] = fields[i].type() != dev.bulk2.testkit.FieldType.ID
                    && (fields[i].isExternalId() || fields[i].isUnique() || fields[i].isIdLookup());
            keep[i] = mode == StoreMode.FULL || indexed[i] || i == 0;
            if (indexed[i]) {
                indexes.put(i, new HashMap<>());
            }
        }
        this.idSlot = slot("Id");
        this.isDeletedSlot = slot("IsDeleted");
        this.createdSlot = slot("CreatedDate");
        this.modifiedSlot = slot("LastModifiedDate");
        this.modstampSlot = slot("SystemModstamp");
        FieldSchema person = schema.field("IsPersonAccount").orElse(null);
        this.isPersonSlot = person != null && !person.isCreateable() ? slot("IsPersonAccount") : -1;
        this.lastNameSlot = isPersonSlot >= 0 ? slot("LastName") : -1;
        List<Integer> req = new ArrayList<>();
        List<Integer> uniq = new ArrayList<>();
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < fields.length; i++) {
            if (fields[i].isRequiredOnCreate()) {
                req.add(i);
            }
            if (fields[i].isUnique()) {
                uniq.add(i);
            }
            if (indexed[i]) {
                idx.add(i);
                indexMaps.add(indexes.get(i));
            }
        }
        this.requiredSlots = req.stream().mapToInt(Integer::intValue).toArray();
        this.uniqueSlots = uniq.stream().mapToInt(Integer::intValue).toArray();
        this.indexSlots = idx.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The slot of a field, case-insensitive.
     *
     * @param name field name
     * @return the slot or -1
     */
    int slot(String name) {
        Integer s = slotByLower.get(name.toLowerCase(Locale.ROOT));
        return s == null ? -1 : s;
    }

    ReentrantLock lock() {
        return lock;
    }

    String prefix() {
        return schema.keyPrefix();
    }

    /** Reserves the next id. */
    String nextId() {
        long seq = bySeq.size() + 1L;
        bySeq.add(null);
        return SfId.make(prefix(), seq);
    }

    Rec find(String id18) {
        long seq = SfId.seqOf(id18, prefix());
        if (seq <= 0 || seq > bySeq.size()) {
            return null;
        }
        Rec r = bySeq.get((int) (seq - 1));
        if (r == null || !SfId.make(prefix(), seq).equals(id18)) {
            return null;
        }
        return r;
    }

    String[] values(Rec r) {
        return PackedRow.unpack(r.packed, fields.length);
    }

    /** Stores new values for a new or existing record and maintains indexes. */
    void put(String id18, Rec r, String[] oldValues, String[] newValues) {
        if (isPersonSlot >= 0) {
            newValues[isPersonSlot] = newValues[lastNameSlot] != null ? "true" : "false";
        }
        for (int k = 0; k < indexSlots.length; k++) {
            int s = indexSlots[k];
            String ov = oldValues == null ? null : oldValues[s];
            String nv = newValues[s];
            if (ov != null && !ov.equalsIgnoreCase(nv == null ? "" : nv)) {
                removeIndex(indexMaps.get(k), ov, id18);
            }
            if (nv != null && (ov == null || !ov.equalsIgnoreCase(nv))) {
                addIndex(indexMaps.get(k), nv, id18);
            }
        }
        String[] kept = newValues;
        if (mode == StoreMode.KEYS_ONLY) {
            kept = new String[newValues.length];
            for (int i = 0; i < kept.length; i++) {
                kept[i] = keep[i] ? newValues[i] : null;
            }
        }
        r.packed = PackedRow.pack(kept);
        long seq = SfId.seqOf(id18, prefix());
        bySeq.set((int) (seq - 1), r);
    }

    void unindex(String id18, String[] values) {
        for (Map.Entry<Integer, Map<String, Object>> e : indexes.entrySet()) {
            String v = values[e.getKey()];
            if (v != null) {
                removeIndex(e.getValue(), v, id18);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void addIndex(Map<String, Object> idx, String value, String id) {
        String k = value.toLowerCase(Locale.ROOT);
        Object cur = idx.get(k);
        if (cur == null) {
            idx.put(k, id);
        } else if (cur instanceof String) {
            List<String> l = new ArrayList<>(2);
            l.add((String) cur);
            l.add(id);
            idx.put(k, l);
        } else {
            ((List<String>) cur).add(id);
        }
    }

    @SuppressWarnings("unchecked")
    private static void removeIndex(Map<String, Object> idx, String value, String id) {
        String k = value.toLowerCase(Locale.ROOT);
        Object cur = idx.get(k);
        if (cur instanceof String) {
            if (cur.equals(id)) {
                idx.remove(k);
            }
        } else if (cur != null) {
            List<String> l = (List<String>) cur;
            l.remove(id);
            if (l.size() == 1) {
                idx.put(k, l.get(0));
            }
        }
    }

    /**
     * Ids of live records holding the value in an indexed slot.
     *
     * @return empty, one or several ids
     */
    @SuppressWarnings("unchecked")
    List<String> lookup(int slot, String value) {
        Map<String, Object> idx = indexes.get(slot);
        if (idx == null) {
            return List.of();
        }
        Object cur = idx.get(value.toLowerCase(Locale.ROOT));
        if (cur == null) {
            return List.of();
        }
        if (cur instanceof String) {
            return List.of((String) cur);
        }
        return new ArrayList<>((List<String>) cur);
    }

    boolean isIndexed(int slot) {
        return indexes.containsKey(slot);
    }

    /** Snapshot of the packed rows (live or deleted, never hard-deleted). Call under the lock. */
    List<byte[]> snapshot(boolean includeDeleted) {
        List<byte[]> out = new ArrayList<>(bySeq.size());
        for (Rec r : bySeq) {
            if (r != null && !r.hardDeleted && (includeDeleted || !r.deleted)) {
                out.add(r.packed);
            }
        }
        return out;
    }

    /** Converts packed values to a map of canonical name to value, skipping nulls. */
    Map<String, String> toMap(byte[] packed) {
        String[] v = PackedRow.unpack(packed, fields.length);
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < v.length; i++) {
            if (v[i] != null) {
                m.put(fieldNames[i], v[i]);
            }
        }
        return m;
    }

    List<Map<String, String>> records(boolean deleted) {
        lock.lock();
        try {
            List<Map<String, String>> out = new ArrayList<>();
            for (Rec r : bySeq) {
                if (r != null && !r.hardDeleted && r.deleted == deleted) {
                    out.add(toMap(r.packed));
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** @return live (not deleted) records; takes the lock */
    long liveCount() {
        lock.lock();
        try {
            long n = 0;
            for (Rec r : bySeq) {
                if (r != null && !r.deleted) {
                    n++;
                }
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    void clear() {
        lock.lock();
        try {
            bySeq.clear();
            for (Map<String, Object> idx : indexes.values()) {
                idx.clear();
            }
        } finally {
            lock.unlock();
        }
    }
}
