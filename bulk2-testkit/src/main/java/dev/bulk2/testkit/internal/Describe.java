package dev.bulk2.testkit.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.bulk2.testkit.FieldSchema;
import dev.bulk2.testkit.FieldType;
import dev.bulk2.testkit.ObjectSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /services/data/vXX.X/sobjects/{object}/describe}: the sObject describe result generated from the
 * object's {@link ObjectSchema}, in the shape of the REST API developer guide's "Get Field and Other Metadata for
 * an Object" example and the SOAP API's DescribeSObjectResult / Field properties (see docs/testkit.md).
 */
final class Describe {
    /** The master record type id every object reports. */
    static final String MASTER_RECORD_TYPE = "012000000000000AAA";
    private final Engine e;

    Describe(Engine e) {
        this.e = e;
    }

    /**
     * The records of the emulated {@code RecordType} object (when the org has one) whose {@code SobjectType} is
     * {@code object}, in insertion order: listed after Master in {@code recordTypeInfos}, as Salesforce lists an
     * object's record types (all of them, with {@code available} for the running user).
     */
    private List<Map<String, String>> recordTypes(String object) {
        ObjectStore rt = e.store("RecordType");
        if (rt == null || rt.slot("SobjectType") < 0 || rt.slot("DeveloperName") < 0) {
            return List.of();
        }
        List<Map<String, String>> out = new ArrayList<>();
        for (Map<String, String> r : rt.records(false)) {
            if (object.equalsIgnoreCase(r.get("SobjectType"))) {
                out.add(r);
            }
        }
        return out;
    }

    void handle(Http h, String object, String version) throws IOException {
        ObjectStore s = e.store(object);
        if (s == null) {
            h.error(404, "NOT_FOUND", "The requested resource does not exist");
            return;
        }
        ObjectSchema o = s.schema;
        String base = "/services/data/v" + version + "/sobjects/" + o.name();
        String ui = e.instanceUrl().toString();
        h.json(200, Json.render(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("actionOverrides");
            g.writeEndArray();
            g.writeBooleanField("activateable", false);
            g.writeStringField("associateEntityType", null);
            g.writeStringField("associateParentEntity", null);
            childRelationships(g, o);
            g.writeBooleanField("compactLayoutable", true);
            g.writeBooleanField("createable", true);
            g.writeBooleanField("custom", isCustom(o.name()));
            g.writeBooleanField("customSetting", false);
            g.writeBooleanField("deepCloneable", false);
            g.writeStringField("defaultImplementation", null);
            g.writeBooleanField("deletable", true);
            g.writeBooleanField("deprecatedAndHidden", false);
            g.writeStringField("extendedBy", null);
            g.writeStringField("extendsInterfaces", null);
            g.writeBooleanField("feedEnabled", false);
            g.writeArrayFieldStart("fields");
            for (FieldSchema f : o.fields()) {
                field(g, f);
            }
            g.writeEndArray();
            g.writeBooleanField("hasSubtypes", false);
            g.writeStringField("implementedBy", null);
            g.writeStringField("implementsInterfaces", null);
            g.writeBooleanField("isInterface", false);
            g.writeBooleanField("isSubtype", false);
            g.writeStringField("keyPrefix", o.keyPrefix());
            g.writeStringField("label", label(o.name()));
            g.writeStringField("labelPlural", label(o.name()) + "s");
            g.writeBooleanField("layoutable", true);
            g.writeBooleanField("mergeable", false);
            g.writeBooleanField("mruEnabled", true);
            g.writeStringField("name", o.name());
            g.writeArrayFieldStart("namedLayoutInfos");
            g.writeEndArray();
            g.writeStringField("networkScopeFieldName", null);
            g.writeBooleanField("queryable", true);
            g.writeArrayFieldStart("recordTypeInfos");
            g.writeStartObject();
            g.writeBooleanField("active", true);
            g.writeBooleanField("available", true);
            g.writeBooleanField("defaultRecordTypeMapping", true);
            g.writeStringField("developerName", "Master");
            g.writeBooleanField("master", true);
            g.writeStringField("name", "Master");
            g.writeStringField("recordTypeId", MASTER_RECORD_TYPE);
            g.writeObjectFieldStart("urls");
            g.writeStringField("layout", base + "/describe/layouts/" + MASTER_RECORD_TYPE);
            g.writeEndObject();
            g.writeEndObject();
            for (Map<String, String> rt : recordTypes(o.name())) {
                g.writeStartObject();
                g.writeBooleanField("active", !"false".equalsIgnoreCase(rt.getOrDefault("IsActive", "true")));
                g.writeBooleanField("available", true);
                g.writeBooleanField("defaultRecordTypeMapping", false);
                g.writeStringField("developerName", rt.get("DeveloperName"));
                g.writeBooleanField("master", false);
                g.writeStringField("name", rt.getOrDefault("Name", rt.get("DeveloperName")));
                g.writeStringField("recordTypeId", rt.get("Id"));
                g.writeObjectFieldStart("urls");
                g.writeStringField("layout", base + "/describe/layouts/" + rt.get("Id"));
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeBooleanField("replicateable", true);
            g.writeBooleanField("retrieveable", true);
            g.writeBooleanField("searchLayoutable", true);
            g.writeBooleanField("searchable", true);
            g.writeArrayFieldStart("supportedScopes");
            g.writeEndArray();
            g.writeBooleanField("triggerable", true);
            g.writeBooleanField("undeletable", true);
            g.writeBooleanField("updateable", true);
            g.writeObjectFieldStart("urls");
            g.writeStringField("compactLayouts", base + "/describe/compactLayouts");
            g.writeStringField("rowTemplate", base + "/{ID}");
            g.writeStringField("approvalLayouts", base + "/describe/approvalLayouts");
            g.writeStringField("uiDetailTemplate", ui + "/{ID}");
            g.writeStringField("uiEditTemplate", ui + "/{ID}/e");
            g.writeStringField("defaultValues", base + "/defaultValues?recordTypeId&fields");
            g.writeStringField("describe", base + "/describe");
            g.writeStringField("uiNewRecord", ui + "/" + o.keyPrefix() + "/e");
            g.writeStringField("quickActions", base + "/quickActions");
            g.writeStringField("layouts", base + "/describe/layouts");
            g.writeStringField("sobject", base);
            g.writeEndObject();
            g.writeEndObject();
        }));
    }

    private void childRelationships(JsonGenerator g, ObjectSchema parent) throws IOException {
        g.writeArrayFieldStart("childRelationships");
        for (ObjectStore child : e.stores.values()) {
            for (FieldSchema f : child.schema.fields()) {
                if (f.referenceTo().stream().anyMatch(r -> r.equalsIgnoreCase(parent.name()))) {
                    g.writeStartObject();
                    g.writeBooleanField("cascadeDelete", false);
                    g.writeStringField("childSObject", child.schema.name());
                    g.writeBooleanField("deprecatedAndHidden", false);
                    g.writeStringField("field", f.name());
                    g.writeArrayFieldStart("junctionIdListNames");
                    g.writeEndArray();
                    g.writeArrayFieldStart("junctionReferenceTo");
                    g.writeEndArray();
                    g.writeStringField("relationshipName", childRelationshipName(child.schema.name(),
                            child.schema.name().equalsIgnoreCase(parent.name())));
                    g.writeBooleanField("restrictedDelete", false);
                    g.writeEndObject();
                }
            }
        }
        g.writeEndArray();
    }

    /**
     * {@code Contact} gives {@code Contacts}; {@code Invoice__c} gives {@code Invoices__r}; a lookup to the object
     * itself gives {@code ChildAccounts} (as Account.ParentId on Salesforce) and {@code ChildInvoices__r}.
     */
    static String childRelationshipName(String child, boolean self) {
        String prefix = self ? "Child" : "";
        return prefix + (isCustom(child) ? child.substring(0, child.length() - 3) + "s__r" : child + "s");
    }

    static boolean isCustom(String name) {
        return name.endsWith("__c");
    }

    /** {@code Invoice_Line__c} gives {@code Invoice Line}. */
    static String label(String name) {
        String n = isCustom(name) ? name.substring(0, name.length() - 3) : name;
        return n.replace('_', ' ');
    }

    private static boolean isSystem(FieldSchema f) {
        switch (f.name()) {
            case "Id":
            case "IsDeleted":
            case "CreatedDate":
            case "LastModifiedDate":
            case "SystemModstamp":
                return true;
            default:
                return false;
        }
    }

    private static boolean isTextual(FieldType t) {
        return t == FieldType.STRING || t == FieldType.EMAIL || t == FieldType.PHONE || t == FieldType.PICKLIST
                || t == FieldType.TEXTAREA || t == FieldType.ID || t == FieldType.REFERENCE;
    }

    private static String soapType(FieldType t) {
        switch (t) {
            case ID:
            case REFERENCE:
                return "tns:ID";
            case BOOLEAN:
                return "xsd:boolean";
            case DATE:
                return "xsd:date";
            case DATETIME:
                return "xsd:dateTime";
            case DOUBLE:
                return "xsd:double";
            default:
                return "xsd:string";
        }
    }

    private static void field(JsonGenerator g, FieldSchema f) throws IOException {
        FieldType t = f.type();
        boolean system = isSystem(f);
        boolean bool = t == FieldType.BOOLEAN;
        boolean textual = isTextual(t);
        int length = textual ? f.length() : 0;
        boolean nillable = !system && !bool && !f.isRequiredOnCreate()
                && (f.isCreateable() || f.isUpdateable());
        boolean filterable = t != FieldType.TEXTAREA;
        g.writeStartObject();
        g.writeBooleanField("aggregatable", filterable);
        g.writeBooleanField("aiPredictionField", false);
        g.writeBooleanField("autoNumber", false);
        g.writeNumberField("byteLength", length * 3);
        g.writeBooleanField("calculated", false);
        g.writeStringField("calculatedFormula", null);
        g.writeBooleanField("cascadeDelete", false);
        g.writeBooleanField("caseSensitive", false);
        g.writeStringField("compoundFieldName", null);
        g.writeStringField("controllerName", null);
        g.writeBooleanField("createable", f.isCreateable());
        g.writeBooleanField("custom", f.name().endsWith("__c") || f.name().endsWith("__pc"));
        if (bool) {
            g.writeBooleanField("defaultValue", false);
        } else {
            g.writeNullField("defaultValue");
        }
        g.writeStringField("defaultValueFormula", null);
        g.writeBooleanField("defaultedOnCreate", system || bool);
        g.writeBooleanField("dependentPicklist", false);
        g.writeBooleanField("deprecatedAndHidden", false);
        g.writeNumberField("digits", 0);
        g.writeBooleanField("displayLocationInDecimal", false);
        g.writeBooleanField("encrypted", false);
        g.writeBooleanField("externalId", f.isExternalId());
        g.writeStringField("extraTypeInfo", null);
        g.writeBooleanField("filterable", filterable);
        g.writeStringField("filteredLookupInfo", null);
        g.writeBooleanField("formulaTreatNullNumberAsZero", false);
        g.writeBooleanField("groupable", filterable && t != FieldType.DOUBLE && t != FieldType.DATETIME);
        g.writeBooleanField("highScaleNumber", false);
        g.writeBooleanField("htmlFormatted", false);
        g.writeBooleanField("idLookup", f.isIdLookup());
        g.writeStringField("inlineHelpText", null);
        g.writeStringField("label", f.label());
        g.writeNumberField("length", length);
        g.writeStringField("mask", null);
        g.writeStringField("maskType", null);
        g.writeStringField("name", f.name());
        g.writeBooleanField("nameField", f.name().equals("Name"));
        g.writeBooleanField("namePointing", false);
        g.writeBooleanField("nillable", nillable);
        g.writeBooleanField("permissionable", nillable);
        g.writeArrayFieldStart("picklistValues");
        for (String v : f.picklistValues()) {
            g.writeStartObject();
            g.writeBooleanField("active", true);
            g.writeBooleanField("defaultValue", false);
            g.writeStringField("label", v);
            g.writeStringField("validFor", null);
            g.writeStringField("value", v);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeBooleanField("polymorphicForeignKey", f.referenceTo().size() > 1);
        g.writeNumberField("precision", t == FieldType.DOUBLE ? 18 : 0);
        g.writeBooleanField("queryByDistance", false);
        g.writeStringField("referenceTargetField", null);
        g.writeArrayFieldStart("referenceTo");
        for (String r : f.referenceTo()) {
            g.writeString(r);
        }
        g.writeEndArray();
        g.writeStringField("relationshipName", f.relationshipName());
        if (f.relationshipName() == null) {
            g.writeNullField("relationshipOrder");
        } else {
            g.writeNumberField("relationshipOrder", 0);
        }
        g.writeBooleanField("restrictedDelete", false);
        g.writeBooleanField("restrictedPicklist", f.isRestricted());
        g.writeNumberField("scale", 0);
        g.writeBooleanField("searchPrefilterable", t == FieldType.REFERENCE);
        g.writeStringField("soapType", soapType(t));
        g.writeBooleanField("sortable", filterable);
        g.writeStringField("type", t.name().toLowerCase(Locale.ROOT));
        g.writeBooleanField("unique", f.isUnique());
        g.writeBooleanField("updateable", f.isUpdateable());
        g.writeBooleanField("writeRequiresMasterRead", false);
        g.writeEndObject();
    }
}
