package dev.bulk2.core.internal.org;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.bulk2.core.org.FieldDescribe;
import dev.bulk2.core.org.OrgLimit;
import dev.bulk2.core.org.OrgLimits;
import dev.bulk2.core.org.PicklistValue;
import dev.bulk2.core.org.RecordTypeInfo;
import dev.bulk2.core.org.SObjectDescribe;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the sObject describe and org limits JSON with jackson-core streaming. Members not listed in
 * {@code docs/org-resources.md} are skipped; missing optional members take their documented defaults. A body that
 * is not JSON, or lacks a member the resource always carries, fails with a {@link JsonParseException} (so callers
 * can tell data errors from I/O errors) whose message names the member. Internal, stateless, thread-safe.
 */
public final class OrgJson {
    private OrgJson() {
    }

    /** One {@code recordTypeInfos} entry; null for an entry without an id or developer name (skipped). */
    private static RecordTypeInfo readRecordType(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw error(p, "Expected an object in 'recordTypeInfos' but found " + p.currentToken());
        }
        String id = null;
        String developerName = null;
        String label = null;
        boolean active = false;
        boolean available = false;
        boolean defaultMapping = false;
        boolean master = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String member = p.currentName();
            p.nextToken();
            switch (member) {
                case "recordTypeId": id = string(p, member); break;
                case "developerName": developerName = string(p, member); break;
                case "name": label = string(p, member); break;
                case "active": active = bool(p, member); break;
                case "available": available = bool(p, member); break;
                case "defaultRecordTypeMapping": defaultMapping = bool(p, member); break;
                case "master": master = bool(p, member); break;
                default:
                    p.skipChildren();
            }
        }
        return id == null || developerName == null ? null
                : RecordTypeInfo.of(id, developerName, label, active, available, defaultMapping, master);
    }

    /**
     * Reads an sObject describe; the parser is positioned before the first token.
     *
     * @param p the parser
     * @return the describe
     * @throws JsonParseException on malformed JSON, a member of the wrong type, or no {@code name}/{@code fields}
     * @throws IOException on I/O failure
     */
    public static SObjectDescribe readDescribe(JsonParser p) throws IOException {
        startObject(p, "an sObject describe");
        SObjectDescribe.Builder b = SObjectDescribe.builder();
        String name = null;
        boolean sawFields = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String member = p.currentName();
            p.nextToken();
            switch (member) {
                case "name": name = string(p, member); b.name(name); break;
                case "label": b.label(string(p, member)); break;
                case "keyPrefix": b.keyPrefix(string(p, member)); break;
                case "createable": b.createable(bool(p, member)); break;
                case "updateable": b.updateable(bool(p, member)); break;
                case "deletable": b.deletable(bool(p, member)); break;
                case "queryable": b.queryable(bool(p, member)); break;
                case "custom": b.custom(bool(p, member)); break;
                case "fields":
                    sawFields = true;
                    if (p.currentToken() != JsonToken.START_ARRAY) {
                        throw error(p, "Expected an array for 'fields' but found " + p.currentToken());
                    }
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        b.addField(readField(p));
                    }
                    break;
                case "recordTypeInfos":
                    if (p.currentToken() == JsonToken.START_ARRAY) {
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            RecordTypeInfo rt = readRecordType(p);
                            if (rt != null) {
                                b.addRecordType(rt);
                            }
                        }
                    } else if (p.currentToken() != JsonToken.VALUE_NULL) {
                        throw error(p, "Expected an array for 'recordTypeInfos' but found " + p.currentToken());
                    }
                    break;
                default:
                    p.skipChildren();
            }
        }
        if (name == null || name.isBlank()) {
            throw error(p, "The sObject describe has no 'name' member");
        }
        if (!sawFields) {
            throw error(p, "The sObject describe of " + name + " has no 'fields' array");
        }
        return b.build();
    }

    private static FieldDescribe readField(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw error(p, "Expected an object in 'fields' but found " + p.currentToken());
        }
        FieldDescribe.Builder b = FieldDescribe.builder();
        String name = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String member = p.currentName();
            p.nextToken();
            switch (member) {
                case "name": name = string(p, member); b.name(name); break;
                case "label": b.label(string(p, member)); break;
                case "type": b.type(string(p, member)); break;
                case "length": b.length(count(p, member)); break;
                case "precision": b.precision(count(p, member)); break;
                case "scale": b.scale(count(p, member)); break;
                case "digits": b.digits(count(p, member)); break;
                case "nillable": b.nillable(bool(p, member)); break;
                case "createable": b.createable(bool(p, member)); break;
                case "updateable": b.updateable(bool(p, member)); break;
                case "externalId": b.externalId(bool(p, member)); break;
                case "idLookup": b.idLookup(bool(p, member)); break;
                case "unique": b.unique(bool(p, member)); break;
                case "custom": b.custom(bool(p, member)); break;
                case "restrictedPicklist": b.restrictedPicklist(bool(p, member)); break;
                case "defaultedOnCreate": b.defaultedOnCreate(bool(p, member)); break;
                case "calculated": b.calculated(bool(p, member)); break;
                case "relationshipName": b.relationshipName(string(p, member)); break;
                case "referenceTo": b.referenceTo(strings(p, member)); break;
                case "picklistValues": b.picklistValues(picklist(p)); break;
                default:
                    p.skipChildren();
            }
        }
        if (name == null || name.isBlank()) {
            throw error(p, "A field of the sObject describe has no 'name' member");
        }
        return b.build();
    }

    private static List<PicklistValue> picklist(JsonParser p) throws IOException {
        List<PicklistValue> out = new ArrayList<>();
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return out;
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw error(p, "Expected an array for 'picklistValues' but found " + p.currentToken());
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw error(p, "Expected an object in 'picklistValues' but found " + p.currentToken());
            }
            String value = null;
            String label = null;
            boolean active = false;
            boolean defaultValue = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String member = p.currentName();
                p.nextToken();
                switch (member) {
                    case "value": value = string(p, member); break;
                    case "label": label = string(p, member); break;
                    case "active": active = bool(p, member); break;
                    case "defaultValue": defaultValue = bool(p, member); break;
                    default:
                        p.skipChildren();
                }
            }
            if (value == null) {
                throw error(p, "A picklist value has no 'value' member");
            }
            out.add(PicklistValue.of(value, label, active, defaultValue));
        }
        return out;
    }

    /**
     * Reads the org limits; the parser is positioned before the first token. Each member whose value is an object
     * with numeric {@code Max} and {@code Remaining} becomes an {@link OrgLimit}; nested per-app objects (for
     * example {@code DailyApiRequests."Salesforce CLI"}) and members of other shapes are skipped.
     *
     * @param p the parser
     * @param observedAt when the response arrived
     * @return the limits
     * @throws JsonParseException on malformed JSON, or a {@code Max}/{@code Remaining} that is not a number
     * @throws IOException on I/O failure
     */
    public static OrgLimits readLimits(JsonParser p, Instant observedAt) throws IOException {
        startObject(p, "the org limits");
        List<OrgLimit> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            if (p.nextToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            Long max = null;
            Long remaining = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String member = p.currentName();
                p.nextToken();
                if (member.equals("Max")) {
                    max = number(p, name + ".Max");
                } else if (member.equals("Remaining")) {
                    remaining = number(p, name + ".Remaining");
                } else {
                    p.skipChildren();
                }
            }
            if (max != null && remaining != null) {
                out.add(OrgLimit.of(name, max, remaining));
            }
        }
        return OrgLimits.of(out, observedAt);
    }

    private static void startObject(JsonParser p, String what) throws IOException {
        JsonToken t = p.currentToken() == null ? p.nextToken() : p.currentToken();
        if (t != JsonToken.START_OBJECT) {
            throw error(p, "Expected " + what + " as a JSON object but found " + (t == null ? "no content" : t));
        }
    }

    private static String string(JsonParser p, String member) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        throw error(p, "Expected a string for '" + member + "' but found " + t);
    }

    private static List<String> strings(JsonParser p, String member) throws IOException {
        List<String> out = new ArrayList<>();
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return out;
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw error(p, "Expected an array for '" + member + "' but found " + p.currentToken());
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
            String s = string(p, member);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    private static boolean bool(JsonParser p, String member) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (t == JsonToken.VALUE_FALSE || t == JsonToken.VALUE_NULL) {
            return false;
        }
        if (t == JsonToken.VALUE_STRING) {
            String s = p.getText().trim().toLowerCase(Locale.ROOT);
            if (s.equals("true") || s.equals("false")) {
                return s.equals("true");
            }
        }
        throw error(p, "Expected true or false for '" + member + "' but found " + describe(p));
    }

    private static int count(JsonParser p, String member) throws IOException {
        long v = p.currentToken() == JsonToken.VALUE_NULL ? 0 : number(p, member);
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw error(p, "Expected a count from 0 to " + Integer.MAX_VALUE + " for '" + member + "' but found "
                    + v);
        }
        return (int) v;
    }

    /** Numbers arrive as JSON numbers; API 29.0-era limits responses sent them as strings ("5000"). */
    private static long number(JsonParser p, String member) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            double d = p.getDoubleValue();
            if (d == Math.rint(d)) {
                return (long) d;
            }
        } else if (t == JsonToken.VALUE_STRING) {
            try {
                return Long.parseLong(p.getText().trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw error(p, "Expected a whole number for '" + member + "' but found " + describe(p));
    }

    private static String describe(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t != null && t.isScalarValue()) {
            String text = p.getText();
            return t == JsonToken.VALUE_STRING ? "\"" + abbreviate(text) + "\"" : abbreviate(text);
        }
        return String.valueOf(t);
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    private static JsonParseException error(JsonParser p, String message) {
        return new JsonParseException(p, message);
    }
}
