package dev.bulk2.testkit.internal.soql;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recursive-descent parser for the emulator's SOQL subset. Clause order follows SOQL: SELECT, FROM, USING SCOPE,
 * WHERE, WITH, GROUP BY, HAVING, ORDER BY, LIMIT, OFFSET, FOR. Like SOQL, AND and OR cannot be mixed at one level
 * without parentheses.
 */
final class SoqlParser {

    private static final Set<String> AGGREGATES = new HashSet<>(Arrays.asList(
            "COUNT", "COUNT_DISTINCT", "SUM", "AVG", "MIN", "MAX"));

    /** Words that end the FROM clause (so they cannot be an object alias). */
    private static final Set<String> CLAUSE_WORDS = new HashSet<>(Arrays.asList(
            "WHERE", "ORDER", "LIMIT", "GROUP", "HAVING", "OFFSET", "WITH", "USING", "FOR", "UPDATE", "ALL"));

    private static final Pattern DATE_LITERAL = Pattern.compile(
            "(?i)(YESTERDAY|TODAY|TOMORROW|(LAST|THIS|NEXT)_(WEEK|MONTH|QUARTER|YEAR|FISCAL_QUARTER|FISCAL_YEAR)"
                    + "|LAST_90_DAYS|NEXT_90_DAYS|(LAST|NEXT)_N_[A-Z_]+|N_[A-Z_]+_AGO)");

    private final String soql;
    private final List<Token> tokens;
    private int index;

    private SoqlParser(String soql) {
        this.soql = soql;
        this.tokens = SoqlLexer.tokenize(soql);
    }

    static SoqlQuery parse(String soql) {
        return new SoqlParser(soql).query();
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(index + ahead, tokens.size() - 1));
    }

    private Token advance() {
        Token t = tokens.get(index);
        if (t.kind != Token.Kind.EOF) {
            index++;
        }
        return t;
    }

    private Token expectKeyword(String keyword) {
        Token t = peek();
        if (!t.is(keyword)) {
            throw SoqlErrors.unexpected(soql, t);
        }
        return advance();
    }

    private SoqlQuery query() {
        expectKeyword("SELECT");
        List<FieldRef> select = selectList();
        advance(); // FROM, checked by selectList
        Token object = peek();
        // Order and Group are standard objects: only ORDER BY / GROUP BY make them keywords
        boolean objectIsKeyword = CLAUSE_WORDS.contains(object.text.toUpperCase(Locale.ROOT))
                && !((object.is("ORDER") || object.is("GROUP")) && !peek(1).is("BY"));
        if (object.kind != Token.Kind.IDENT || objectIsKeyword || object.text.indexOf('.') >= 0) {
            throw SoqlErrors.unexpected(soql, object);
        }
        advance();
        String alias = null;
        Token maybeAlias = peek();
        if (maybeAlias.kind == Token.Kind.IDENT && !CLAUSE_WORDS.contains(maybeAlias.text.toUpperCase(Locale.ROOT))
                && maybeAlias.text.indexOf('.') < 0) {
            alias = advance().text;
        }
        if (peek().kind == Token.Kind.COMMA) {
            throw SoqlErrors.unsupportedByEmulator(soql, peek().offset, "A second object in FROM");
        }
        if (peek().is("USING")) {
            throw SoqlErrors.unsupportedByEmulator(soql, peek().offset, "USING SCOPE");
        }
        Condition where = null;
        if (peek().is("WHERE")) {
            advance();
            where = condition();
        }
        if (peek().is("WITH")) {
            throw SoqlErrors.unsupportedByEmulator(soql, peek().offset, "WITH " + peek(1).text);
        }
        if (peek().is("GROUP") && peek(1).is("BY")) {
            throw SoqlErrors.unsupportedByBulk(soql, peek().offset, "GROUP BY");
        }
        if (peek().is("HAVING")) {
            throw SoqlErrors.unsupportedByBulk(soql, peek().offset, "HAVING (with GROUP BY)");
        }
        List<OrderKey> orderBy = new ArrayList<>();
        if (peek().is("ORDER")) {
            advance();
            expectKeyword("BY");
            orderBy = orderList();
        }
        Integer limit = null;
        if (peek().is("LIMIT")) {
            advance();
            Token n = peek();
            if (n.kind != Token.Kind.NUMBER || !n.text.chars().allMatch(Character::isDigit)) {
                throw SoqlErrors.unexpected(soql, n);
            }
            advance();
            try {
                limit = Integer.valueOf(n.text);
            } catch (NumberFormatException e) {
                throw SoqlErrors.malformed(soql, n.offset, "LIMIT " + n.text + " is too large; the maximum is "
                        + Integer.MAX_VALUE);
            }
        }
        if (peek().is("OFFSET")) {
            throw SoqlErrors.unsupportedByBulk(soql, peek().offset, "OFFSET");
        }
        if (peek().is("FOR") || peek().is("UPDATE")) {
            throw SoqlErrors.unsupportedByEmulator(soql, peek().offset, peek().text.toUpperCase(Locale.ROOT) + " "
                    + peek(1).text.toUpperCase(Locale.ROOT));
        }
        if (peek().kind != Token.Kind.EOF) {
            throw SoqlErrors.unexpected(soql, peek());
        }
        return new SoqlQuery(soql, object.text, alias, select, where, orderBy, limit);
    }

    /** Parses the field list up to (not including) FROM. */
    private List<FieldRef> selectList() {
        List<FieldRef> fields = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        while (true) {
            Token t = peek();
            if (t.kind == Token.Kind.LPAREN && peek(1).is("SELECT")) {
                throw new SoqlException(SoqlErrors.MALFORMED_QUERY, SoqlErrors.located(soql, t.offset,
                        "Aggregate Relationships not supported in Bulk V2 Query with CSV content type:"
                                + " parent-to-child subqueries are not supported by Bulk API 2.0 query jobs;"
                                + " query the child object instead"));
            }
            if (t.is("TYPEOF")) {
                throw SoqlErrors.unsupportedByBulk(soql, t.offset, "TYPEOF");
            }
            if (t.kind != Token.Kind.IDENT || t.is("FROM")) {
                throw SoqlErrors.unexpected(soql, t);
            }
            if (peek(1).kind == Token.Kind.LPAREN) {
                String fn = t.text.toUpperCase(Locale.ROOT);
                if (AGGREGATES.contains(fn)) {
                    throw SoqlErrors.unsupportedByBulk(soql, t.offset, "Aggregate function " + fn + "()");
                }
                if (fn.equals("FIELDS")) {
                    throw SoqlErrors.unsupportedByBulk(soql, t.offset, "FIELDS()");
                }
                throw SoqlErrors.unsupportedByEmulator(soql, t.offset, "Function " + t.text + "()");
            }
            advance();
            if (!seen.add(t.text.toLowerCase(Locale.ROOT))) {
                throw SoqlErrors.malformed(soql, t.offset, "duplicate field selected: " + t.text);
            }
            fields.add(new FieldRef(t.text, t.offset, false));
            Token after = peek();
            if (after.kind == Token.Kind.COMMA) {
                advance();
                continue;
            }
            if (after.is("FROM")) {
                return fields;
            }
            throw SoqlErrors.unexpected(soql, after);
        }
    }

    private List<OrderKey> orderList() {
        List<OrderKey> keys = new ArrayList<>();
        while (true) {
            FieldRef field = fieldRef();
            boolean descending = false;
            if (peek().is("ASC")) {
                advance();
            } else if (peek().is("DESC")) {
                advance();
                descending = true;
            }
            boolean nullsFirst = true;
            if (peek().is("NULLS")) {
                advance();
                if (peek().is("LAST")) {
                    nullsFirst = false;
                } else if (!peek().is("FIRST")) {
                    throw SoqlErrors.unexpected(soql, peek());
                }
                advance();
            }
            keys.add(new OrderKey(field, descending, nullsFirst));
            if (peek().kind != Token.Kind.COMMA) {
                return keys;
            }
            advance();
        }
    }

    private FieldRef fieldRef() {
        Token t = peek();
        if (t.kind != Token.Kind.IDENT || CLAUSE_WORDS.contains(t.text.toUpperCase(Locale.ROOT))) {
            throw SoqlErrors.unexpected(soql, t);
        }
        if (peek(1).kind == Token.Kind.LPAREN) {
            String fn = t.text.toUpperCase(Locale.ROOT);
            if (AGGREGATES.contains(fn)) {
                throw SoqlErrors.unsupportedByBulk(soql, t.offset, "Aggregate function " + fn + "()");
            }
            throw SoqlErrors.unsupportedByEmulator(soql, t.offset, "Function " + t.text + "()");
        }
        advance();
        return new FieldRef(t.text, t.offset, false);
    }

    /** condition := unary ((AND unary)* | (OR unary)*). */
    private Condition condition() {
        Condition first = unary();
        Token connective = peek();
        boolean and;
        if (connective.is("AND")) {
            and = true;
        } else if (connective.is("OR")) {
            and = false;
        } else {
            return first;
        }
        List<Condition> parts = new ArrayList<>();
        parts.add(first);
        String word = and ? "AND" : "OR";
        while (peek().is(word)) {
            advance();
            parts.add(unary());
        }
        if (peek().is(and ? "OR" : "AND")) {
            // SOQL needs parentheses to mix AND and OR
            throw SoqlErrors.unexpected(soql, peek());
        }
        return new Condition.Junction(and, parts);
    }

    private Condition unary() {
        Token t = peek();
        if (t.is("NOT")) {
            advance();
            return new Condition.Not(unary());
        }
        if (t.kind == Token.Kind.LPAREN) {
            advance();
            Condition inner = condition();
            if (peek().kind != Token.Kind.RPAREN) {
                throw SoqlErrors.unexpected(soql, peek());
            }
            advance();
            return inner;
        }
        return simple();
    }

    private Condition simple() {
        Token t = peek();
        if (t.kind == Token.Kind.IDENT && peek(1).kind == Token.Kind.LPAREN) {
            String fn = t.text.toUpperCase(Locale.ROOT);
            if (AGGREGATES.contains(fn)) {
                throw SoqlErrors.unsupportedByBulk(soql, t.offset, "Aggregate function " + fn + "()");
            }
            throw SoqlErrors.unsupportedByEmulator(soql, t.offset, "Function " + t.text + "() in WHERE");
        }
        FieldRef field = fieldRef();
        Token op = peek();
        if (op.kind == Token.Kind.OPERATOR) {
            advance();
            return new Condition.Comparison(field, op.text, value());
        }
        if (op.is("LIKE")) {
            advance();
            Token pattern = peek();
            if (pattern.kind != Token.Kind.STRING) {
                throw SoqlErrors.unexpected(soql, pattern);
            }
            advance();
            return new Condition.Like(field, stringLiteral(pattern));
        }
        if (op.is("IN")) {
            advance();
            return new Condition.In(field, false, valueList());
        }
        if (op.is("NOT") && peek(1).is("IN")) {
            advance();
            advance();
            return new Condition.In(field, true, valueList());
        }
        if (op.is("INCLUDES") || op.is("EXCLUDES")) {
            throw SoqlErrors.unsupportedByEmulator(soql, op.offset, op.text.toUpperCase(Locale.ROOT)
                    + " (multi-select picklists)");
        }
        throw SoqlErrors.unexpected(soql, op);
    }

    private List<Literal> valueList() {
        Token open = peek();
        if (open.kind != Token.Kind.LPAREN) {
            throw SoqlErrors.unexpected(soql, open);
        }
        advance();
        if (peek().is("SELECT")) {
            throw SoqlErrors.unsupportedByEmulator(soql, peek().offset, "A semi-join subquery (IN (SELECT ...))");
        }
        List<Literal> values = new ArrayList<>();
        while (true) {
            values.add(value());
            Token t = peek();
            if (t.kind == Token.Kind.COMMA) {
                advance();
                continue;
            }
            if (t.kind == Token.Kind.RPAREN) {
                advance();
                return values;
            }
            throw SoqlErrors.unexpected(soql, t);
        }
    }

    private Literal value() {
        Token t = peek();
        switch (t.kind) {
            case STRING:
                advance();
                return stringLiteral(t);
            case NUMBER:
                advance();
                try {
                    return Literal.number(t.text, new BigDecimal(t.text));
                } catch (NumberFormatException e) {
                    throw SoqlErrors.unexpected(soql, t);
                }
            case DATE:
                advance();
                try {
                    return Literal.date(t.text, LocalDate.parse(t.text));
                } catch (DateTimeParseException e) {
                    throw SoqlErrors.malformed(soql, t.offset, "invalid date: " + t.text
                            + " (expected a valid date yyyy-MM-dd)");
                }
            case DATETIME: {
                advance();
                Instant instant = dateTime(t.text);
                if (instant == null) {
                    throw SoqlErrors.malformed(soql, t.offset, "invalid date-time: " + t.text
                            + " (expected yyyy-MM-ddTHH:mm:ssZ or yyyy-MM-ddTHH:mm:ss+hh:mm)");
                }
                return Literal.dateTime(t.text, instant);
            }
            case IDENT:
                if (t.is("null")) {
                    advance();
                    return Literal.nullLiteral();
                }
                if (t.is("true") || t.is("false")) {
                    advance();
                    return Literal.bool(t.is("true"));
                }
                if (DATE_LITERAL.matcher(t.text).matches()) {
                    throw SoqlErrors.unsupportedByEmulator(soql, t.offset, "The relative date literal "
                            + t.text.toUpperCase(Locale.ROOT));
                }
                throw SoqlErrors.unexpected(soql, t);
            case OTHER:
                if (t.text.equals(":")) {
                    throw SoqlErrors.malformed(soql, t.offset, "Bind variables only allowed in Apex code");
                }
                throw SoqlErrors.unexpected(soql, t);
            default:
                throw SoqlErrors.unexpected(soql, t);
        }
    }

    /** SOQL date-times need a zone: Z, +hh:mm or -hh:mm; fractional seconds are accepted. */
    private static Instant dateTime(String text) {
        boolean zoned = text.endsWith("Z") || text.endsWith("z")
                || (text.length() > 6 && (text.charAt(text.length() - 6) == '+' || text.charAt(text.length() - 6) == '-')
                        && text.charAt(text.length() - 3) == ':');
        if (!zoned) {
            return null;
        }
        return SoqlValues.parseDateTime(text.endsWith("z") ? text.substring(0, text.length() - 1) + "Z" : text);
    }

    /** Decodes escapes and builds the LIKE pattern. */
    private Literal stringLiteral(Token t) {
        String raw = t.text;
        StringBuilder decoded = new StringBuilder(raw.length());
        StringBuilder regex = new StringBuilder(raw.length() + 8);
        int bodyOffset = t.offset + 1;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\') {
                decoded.append(c);
                if (c == '%') {
                    regex.append(".*");
                } else if (c == '_') {
                    regex.append('.');
                } else {
                    appendQuoted(regex, c);
                }
                continue;
            }
            if (i + 1 >= raw.length()) {
                throw SoqlErrors.malformed(soql, bodyOffset + i, "Invalid string literal '" + raw
                        + "'. Illegal character sequence '\\' in string literal.");
            }
            char e = raw.charAt(++i);
            char out;
            switch (e) {
                case 'n':
                case 'N':
                    out = '\n';
                    break;
                case 'r':
                case 'R':
                    out = '\r';
                    break;
                case 't':
                case 'T':
                    out = '\t';
                    break;
                case 'b':
                case 'B':
                    out = '\b';
                    break;
                case 'f':
                case 'F':
                    out = '\f';
                    break;
                case '\'':
                case '"':
                case '\\':
                case '%':
                case '_':
                    out = e;
                    break;
                case 'u':
                case 'U':
                    if (isHex(raw, i + 1)) {
                        out = (char) Integer.parseInt(raw.substring(i + 1, i + 5), 16);
                        i += 4;
                        break;
                    }
                    throw SoqlErrors.malformed(soql, bodyOffset + i - 1, "Invalid string literal '" + raw
                            + "'. Illegal character sequence '\\" + e + "' in string literal.");
                default:
                    throw SoqlErrors.malformed(soql, bodyOffset + i - 1, "Invalid string literal '" + raw
                            + "'. Illegal character sequence '\\" + e + "' in string literal.");
            }
            decoded.append(out);
            appendQuoted(regex, out);
        }
        Pattern like = Pattern.compile(regex.toString(),
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
        return Literal.string(decoded.toString(), like);
    }

    private static boolean isHex(String s, int from) {
        if (from + 4 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 4; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static void appendQuoted(StringBuilder regex, char c) {
        if ("\\^$.|?*+()[]{}".indexOf(c) >= 0) {
            regex.append('\\');
        }
        regex.append(c);
    }
}
