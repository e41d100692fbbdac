package dev.bulk2.testkit.internal;

import dev.bulk2.testkit.FieldSchema;
import dev.bulk2.testkit.FieldType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The header of an ingest CSV mapped onto the object's fields: plain columns ({@code LastName}) and
 * relationship columns ({@code Account.External_ID__c}, {@code Parent__r.Client_Id__c}: the relationship name
 * of a lookup field, a dot, and an External ID or idLookup field of the referenced object).
 */
final class HeaderColumns {
    /** One relationship column: where its value is looked up. */
    static final class Relationship {
        final ObjectStore parent;
        final int parentSlot;
        final String parentField;

        Relationship(ObjectStore parent, int parentSlot, String parentField) {
            this.parent = parent;
            this.parentSlot = parentSlot;
            this.parentField = parentField;
        }
    }

    /** The field slot each column writes. */
    final int[] slots;
    /** Per column: the relationship to resolve, or null for a plain column; null when there are none. */
    final Relationship[] relationships;
    /** The reason the whole job fails ({@code errorMessage}), or null. */
    final String failure;

    private HeaderColumns(int[] slots, Relationship[] relationships, String failure) {
        this.slots = slots;
        this.relationships = relationships;
        this.failure = failure;
    }

    private static HeaderColumns fail(String message) {
        return new HeaderColumns(null, null, message);
    }

    static HeaderColumns map(Engine e, ObjectStore s, String[] header) {
        int[] slots = new int[header.length];
        Relationship[] rels = null;
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < header.length; i++) {
            String name = header[i];
            int dot = name.indexOf('.');
            int slot;
            if (name.indexOf(':') >= 0) {
                slot = -1;
            } else if (dot < 0) {
                slot = s.slot(name);
            } else {
                slot = lookupSlot(s, name.substring(0, dot));
                if (slot >= 0) {
                    FieldSchema lookup = s.fields[slot];
                    ObjectStore parent = e.store(lookup.referenceTo().get(0));
                    String fieldName = name.substring(dot + 1);
                    int parentSlot = parent == null || fieldName.indexOf('.') >= 0 ? -1 : parent.slot(fieldName);
                    if (parentSlot < 0) {
                        slot = -1;
                    } else {
                        FieldSchema pf = parent.fields[parentSlot];
                        if (!pf.isIdLookup()) {
                            return fail("InvalidBatch : Field name provided, " + pf.name()
                                    + " is not an External ID or indexed field for " + parent.schema.name());
                        }
                        if (rels == null) {
                            rels = new Relationship[header.length];
                        }
                        rels[i] = new Relationship(parent, parentSlot, pf.name());
                    }
                }
            }
            if (slot < 0) {
                return fail("InvalidBatch : Field name not found : " + name);
            }
            if (!seen.add(slot)) {
                return fail("InvalidBatch : Duplicate field name : " + name);
            }
            slots[i] = slot;
        }
        return new HeaderColumns(slots, rels, null);
    }

    /** The slot of the REFERENCE field whose relationship name matches (case-insensitive), or -1. */
    private static int lookupSlot(ObjectStore s, String relationshipName) {
        for (int i = 0; i < s.fields.length; i++) {
            FieldSchema f = s.fields[i];
            if (f.type() == FieldType.REFERENCE && f.relationshipName() != null && !f.referenceTo().isEmpty()
                    && f.relationshipName().equalsIgnoreCase(relationshipName)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Resolves a non-empty relationship value to the referenced record's id.
     *
     * @param norm receives the 18-character id
     * @return the record error, or null
     */
    static String resolve(Relationship rel, String value, String[] norm) {
        ObjectStore p = rel.parent;
        boolean locked;
        try {
            locked = p.lock().tryLock(10, TimeUnit.SECONDS);
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            locked = false;
        }
        if (!locked) {
            return "UNABLE_TO_LOCK_ROW:unable to obtain exclusive access to this record or 1 records: " + value + ":--";
        }
        try {
            List<String> ids;
            if (rel.parentSlot == p.idSlot) {
                ObjectStore.Rec r = SfId.isWellFormed(value) ? p.find(SfId.to18(value)) : null;
                ids = r == null || r.deleted ? List.of() : List.of(SfId.to18(value));
            } else {
                ids = p.lookup(rel.parentSlot, value);
            }
            if (ids.isEmpty()) {
                return "INVALID_FIELD:Foreign key external ID: " + value + " not found for field " + rel.parentField
                        + " in entity " + p.schema.name() + ":--";
            }
            if (ids.size() > 1) {
                return "INVALID_FIELD:Foreign key external ID: " + value + " matches more than one record for field "
                        + rel.parentField + " in entity " + p.schema.name() + ": " + ids + ":--";
            }
            norm[0] = ids.get(0);
            return null;
        } finally {
            p.lock().unlock();
        }
    }
}
