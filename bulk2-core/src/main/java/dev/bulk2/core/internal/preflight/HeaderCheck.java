package dev.bulk2.core.internal.preflight;

import dev.bulk2.core.Operation;
import dev.bulk2.core.org.FieldDescribe;
import dev.bulk2.core.org.FieldType;
import dev.bulk2.core.org.SObjectDescribe;
import dev.bulk2.core.plan.IngestPlan;
import dev.bulk2.core.plan.PlanProblem;
import dev.bulk2.core.plan.ProblemKind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Checks the header against the operation (the key column) and, when there is a describe, against the object:
 * unknown fields with "did you mean", fields the operation cannot write, relationship columns
 * ({@code Parent__r.External_Id__c}) that must resolve to an External ID or idLookup field of the referenced
 * object, and the upsert key, which must be an External ID or idLookup field (or {@code Id}): Salesforce's upsert
 * takes an idLookup field on standard objects (Contact.Email) and a custom object's Name. Internal; one per plan.
 */
final class HeaderCheck {
    private final Operation op;
    private final String externalId;
    private final SObjectDescribe describe;
    private final Function<String, SObjectDescribe> referenced;
    private final List<PlanProblem> problems = new ArrayList<>();
    private final List<IngestPlan.Column> columns = new ArrayList<>();
    /** Per column (0-based), the field whose values are checked, or null. */
    private FieldDescribe[] valueFields;

    /**
     * @param referenced the describe of a referenced object, or null when it cannot be had (offline, failure)
     */
    HeaderCheck(Operation op, String externalId, SObjectDescribe describe,
            Function<String, SObjectDescribe> referenced) {
        this.op = op;
        this.externalId = externalId;
        this.describe = describe;
        this.referenced = referenced;
    }

    List<PlanProblem> problems() {
        return problems;
    }

    List<IngestPlan.Column> columns() {
        return columns;
    }

    FieldDescribe[] valueFields() {
        return valueFields;
    }

    void check(List<String> header) {
        valueFields = new FieldDescribe[header.size()];
        String key = keyColumn();
        if (key != null && indexOf(header, key) < 0) {
            problems.add(PlanProblem.of(ProblemKind.KEY_COLUMN_MISSING, 1, 0, 0, null, key,
                    "The header has no " + key + " column, which " + op.apiName() + " matches records on.",
                    "Add a " + key + " column" + (op == Operation.UPSERT ? " (the upsert's external id field)"
                    : " with the 18- or 15-character record ids") + "."));
        }
        if (describe != null) {
            checkObject();
        }
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).trim();
            if (describe == null) {
                columns.add(new IngestPlan.Column(i + 1, header.get(i), null, null,
                        name.equalsIgnoreCase(key) ? "key (not checked: no describe)" : "not checked: no describe"));
            } else if (name.indexOf('.') > 0) {
                relationship(i, header.get(i), name);
            } else {
                plain(i, header.get(i), name, name.equalsIgnoreCase(key));
            }
        }
    }

    private String keyColumn() {
        switch (op) {
            case UPDATE:
            case DELETE:
            case HARD_DELETE:
                return "Id";
            case UPSERT:
                return externalId;
            default:
                return null;
        }
    }

    private void checkObject() {
        boolean ok;
        String need;
        switch (op) {
            case INSERT:
                ok = describe.isCreateable();
                need = "createable";
                break;
            case UPDATE:
                ok = describe.isUpdateable();
                need = "updateable";
                break;
            case UPSERT:
                ok = describe.isCreateable() && describe.isUpdateable();
                need = "createable and updateable";
                break;
            default:
                ok = describe.isDeletable();
                need = "deletable";
        }
        if (!ok) {
            problems.add(PlanProblem.of(ProblemKind.OBJECT_NOT_WRITABLE, 0, 0, 0, null, null,
                    describe.name() + " is not " + need + " for this user, so " + op.apiName() + " cannot work.",
                    "Check the object permissions of the integration user's profile or permission sets."));
        }
    }

    private void plain(int i, String raw, String name, boolean isKey) {
        FieldDescribe f = describe.field(name).orElse(null);
        if (f == null) {
            List<String> names = new ArrayList<>();
            describe.fields().forEach(x -> names.add(x.name()));
            problems.add(PlanProblem.of(ProblemKind.UNKNOWN_FIELD, 1, 0, i + 1, raw, null,
                    describe.name() + " has no field " + name + " (or the user cannot see it).",
                    hint(FieldNames.suggest(name, names), "Check the API name in Setup > Object Manager > "
                    + describe.name() + " > Fields, and the field-level security of the integration user.")));
            columns.add(new IngestPlan.Column(i + 1, raw, null, null, "UNKNOWN FIELD"));
            return;
        }
        if (isKey && op == Operation.UPSERT && !f.isExternalId() && !f.isIdLookup()
                && !"Id".equalsIgnoreCase(f.name())) {
            List<String> keys = new ArrayList<>();
            for (FieldDescribe x : describe.fields()) {
                if ((x.isExternalId() || x.isIdLookup()) && !"Id".equalsIgnoreCase(x.name())) {
                    keys.add(x.name());
                }
            }
            problems.add(PlanProblem.of(ProblemKind.KEY_NOT_EXTERNAL_ID, 1, 0, i + 1, raw, f.name(),
                    f.name() + " is neither an External ID nor an idLookup field of " + describe.name()
                    + ", so upsert cannot match on it.", keys.isEmpty()
                    ? "Mark the field as External ID in Setup, or upsert on Id."
                    : "Upsert on one of its External ID or idLookup fields: " + String.join(", ", keys) + "."));
            columns.add(new IngestPlan.Column(i + 1, raw, f.name(), f.typeAsString(), "KEY NOT EXTERNAL ID"));
            return;
        }
        if (isKey) {
            columns.add(new IngestPlan.Column(i + 1, raw, f.name(), f.typeAsString(), "key"));
            valueFields[i] = op == Operation.UPSERT ? f : null;
            return;
        }
        String missing = writable(f);
        if (missing != null) {
            problems.add(PlanProblem.of(ProblemKind.FIELD_NOT_WRITABLE, 1, 0, i + 1, raw, f.name(),
                    f.name() + " is not " + missing + ", so " + op.apiName() + " cannot write it"
                    + (f.isCalculated() ? " (it is a formula or roll-up field)" : "") + ".",
                    "Remove the column, or check the field-level security of the integration user."));
            columns.add(new IngestPlan.Column(i + 1, raw, f.name(), f.typeAsString(), "NOT " + missing.toUpperCase(
                    java.util.Locale.ROOT)));
            return;
        }
        valueFields[i] = f;
        columns.add(new IngestPlan.Column(i + 1, raw, f.name(), f.typeAsString(), "ok"));
    }

    /** The permission the operation needs and the field lacks, or null. */
    private String writable(FieldDescribe f) {
        switch (op) {
            case INSERT:
                return f.isCreateable() ? null : "createable";
            case UPDATE:
                return f.isUpdateable() ? null : "updateable";
            case UPSERT:
                return f.isCreateable() || f.isUpdateable() ? null : "createable or updateable";
            default:
                return null;
        }
    }

    private void relationship(int i, String raw, String name) {
        int dot = name.indexOf('.');
        String rel = name.substring(0, dot);
        String target = name.substring(dot + 1);
        FieldDescribe ref = null;
        List<String> relNames = new ArrayList<>();
        for (FieldDescribe f : describe.fields()) {
            if (f.type() == FieldType.REFERENCE && f.relationshipName().isPresent()) {
                relNames.add(f.relationshipName().get());
                if (f.relationshipName().get().equalsIgnoreCase(rel)) {
                    ref = f;
                }
            }
        }
        if (ref == null) {
            problems.add(PlanProblem.of(ProblemKind.RELATIONSHIP_UNRESOLVED, 1, 0, i + 1, raw, null,
                    describe.name() + " has no relationship " + rel + ".",
                    hint(FieldNames.suggest(rel, relNames), "A relationship column is RelationshipName.ExternalIdField,"
                    + " for example Parent__r.External_Id__c (the relationship name ends in __r for custom"
                    + " lookups).")));
            columns.add(new IngestPlan.Column(i + 1, raw, null, null, "UNKNOWN RELATIONSHIP"));
            return;
        }
        String missing = writable(ref);
        if (missing != null) {
            problems.add(PlanProblem.of(ProblemKind.FIELD_NOT_WRITABLE, 1, 0, i + 1, raw, ref.name(),
                    ref.name() + " (relationship " + rel + ") is not " + missing + ", so " + op.apiName()
                    + " cannot set it.", "Remove the column, or check the field-level security."));
            columns.add(new IngestPlan.Column(i + 1, raw, ref.name(), ref.typeAsString(), "NOT WRITABLE"));
            return;
        }
        if (ref.referenceTo().size() != 1) {
            columns.add(new IngestPlan.Column(i + 1, raw, ref.name(), ref.typeAsString(),
                    "relationship to " + ref.referenceTo() + " (polymorphic: target not checked)"));
            return;
        }
        String object = ref.referenceTo().get(0);
        SObjectDescribe other = referenced.apply(object);
        if (other == null) {
            columns.add(new IngestPlan.Column(i + 1, raw, ref.name(), ref.typeAsString(),
                    "relationship to " + object + "." + target + " (not checked: no describe of " + object + ")"));
            return;
        }
        FieldDescribe t = other.field(target).orElse(null);
        if (t == null || !(t.isExternalId() || t.isIdLookup())) {
            List<String> ext = new ArrayList<>();
            for (FieldDescribe f : other.fields()) {
                if (f.isExternalId()) {
                    ext.add(rel + "." + f.name());
                }
            }
            String why = t == null ? other.name() + " has no field " + target
                    : other.name() + "." + t.name() + " is neither an External ID nor an idLookup field";
            List<String> near = new ArrayList<>();
            if (t == null) {
                List<String> names = new ArrayList<>();
                other.fields().forEach(x -> names.add(x.name()));
                FieldNames.suggest(target, names).forEach(s -> near.add(rel + "." + s));
            }
            problems.add(PlanProblem.of(ProblemKind.RELATIONSHIP_UNRESOLVED, 1, 0, i + 1, raw, ref.name(),
                    "Relationship column " + name + " cannot resolve: " + why + ".",
                    near.isEmpty() ? (ext.isEmpty() ? object + " has no External ID field; mark one in Setup."
                    : "Use " + String.join(" or ", ext) + ".") : FieldNames.didYouMean(near)));
            columns.add(new IngestPlan.Column(i + 1, raw, ref.name(), ref.typeAsString(), "UNRESOLVED"));
            return;
        }
        columns.add(new IngestPlan.Column(i + 1, raw, ref.name(), ref.typeAsString(),
                "relationship via " + other.name() + "." + t.name()));
    }

    private static String hint(List<String> suggestions, String otherwise) {
        String d = FieldNames.didYouMean(suggestions);
        return d != null ? d : otherwise;
    }

    private static int indexOf(List<String> header, String name) {
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).trim().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }
}
