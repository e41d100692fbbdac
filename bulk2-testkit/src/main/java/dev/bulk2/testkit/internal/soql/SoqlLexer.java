package dev.bulk2.testkit.internal.soql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SOQL text into {@link Token}s. Keywords are not distinguished from identifiers here; the parser
 * compares them case-insensitively.
 */
final class SoqlLexer {

    private final String soql;
    private int pos;

    private SoqlLexer(String soql) {
        this.soql = soql;
    }

    /**
     * Tokenizes the whole text.
     *
     * @param soql the query
     * @return the tokens, ending with an EOF token
     * @throws SoqlException MALFORMED_QUERY for an unterminated string literal
     */
    static List<Token> tokenize(String soql) {
        return new SoqlLexer(soql).run();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        int n = soql.length();
        while (true) {
            while (pos < n && Character.isWhitespace(soql.charAt(pos))) {
                pos++;
            }
            if (pos >= n) {
                tokens.add(new Token(Token.Kind.EOF, "<EOF>", n));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private Token next() {
        int start = pos;
        char c = soql.charAt(pos);
        if (isIdentStart(c)) {
            pos++;
            while (pos < soql.length() && isIdentPart(soql.charAt(pos))) {
                pos++;
            }
            return new Token(Token.Kind.IDENT, soql.substring(start, pos), start);
        }
        if (c == '\'') {
            return string(start);
        }
        if (isDigit(c) || ((c == '-' || c == '+') && pos + 1 < soql.length() && isDigit(soql.charAt(pos + 1)))) {
            return numberOrDate(start);
        }
        switch (c) {
            case '(':
                pos++;
                return new Token(Token.Kind.LPAREN, "(", start);
            case ')':
                pos++;
                return new Token(Token.Kind.RPAREN, ")", start);
            case ',':
                pos++;
                return new Token(Token.Kind.COMMA, ",", start);
            case '=':
                pos++;
                return new Token(Token.Kind.OPERATOR, "=", start);
            case '!':
                if (peek(1) == '=') {
                    pos += 2;
                    return new Token(Token.Kind.OPERATOR, "!=", start);
                }
                break;
            case '<':
                if (peek(1) == '=' || peek(1) == '>') {
                    pos += 2;
                    return new Token(Token.Kind.OPERATOR, soql.substring(start, pos), start);
                }
                pos++;
                return new Token(Token.Kind.OPERATOR, "<", start);
            case '>':
                if (peek(1) == '=') {
                    pos += 2;
                    return new Token(Token.Kind.OPERATOR, ">=", start);
                }
                pos++;
                return new Token(Token.Kind.OPERATOR, ">", start);
            default:
                break;
        }
        pos++;
        return new Token(Token.Kind.OTHER, String.valueOf(c), start);
    }

    private Token string(int start) {
        pos++; // opening quote
        int bodyStart = pos;
        while (pos < soql.length()) {
            char c = soql.charAt(pos);
            if (c == '\\') {
                pos += 2;
                continue;
            }
            if (c == '\'') {
                String body = soql.substring(bodyStart, pos);
                pos++;
                return new Token(Token.Kind.STRING, body, start);
            }
            pos++;
        }
        throw SoqlErrors.malformed(soql, start,
                "Unterminated string literal starting here: add the closing quote (escape quotes inside as \\')");
    }

    private Token numberOrDate(int start) {
        // date / datetime: yyyy-MM-dd[Thh:mm:ss[.fff](Z|+hh:mm|-hh:mm)]
        if (isDigit(soql.charAt(pos)) && matchesDigits(pos, 4) && peek(4) == '-' && matchesDigits(pos + 5, 2)
                && peek(7) == '-' && matchesDigits(pos + 8, 2)) {
            int end = pos + 10;
            if (end < soql.length() && soql.charAt(end) == 'T') {
                int t = end + 1;
                while (t < soql.length() && isDateTimePart(soql.charAt(t))) {
                    t++;
                }
                pos = t;
                return new Token(Token.Kind.DATETIME, soql.substring(start, pos), start);
            }
            if (end >= soql.length() || !isIdentPart(soql.charAt(end))) {
                pos = end;
                return new Token(Token.Kind.DATE, soql.substring(start, pos), start);
            }
        }
        pos++; // sign or first digit
        while (pos < soql.length() && (isDigit(soql.charAt(pos)) || soql.charAt(pos) == '.')) {
            pos++;
        }
        // a number glued to letters (e.g. 12abc) is not a number
        if (pos < soql.length() && isIdentPart(soql.charAt(pos))) {
            while (pos < soql.length() && isIdentPart(soql.charAt(pos))) {
                pos++;
            }
            return new Token(Token.Kind.OTHER, soql.substring(start, pos), start);
        }
        return new Token(Token.Kind.NUMBER, soql.substring(start, pos), start);
    }

    private boolean matchesDigits(int from, int count) {
        if (from + count > soql.length()) {
            return false;
        }
        for (int i = from; i < from + count; i++) {
            if (!isDigit(soql.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private char peek(int ahead) {
        int i = pos + ahead;
        return i < soql.length() ? soql.charAt(i) : '\0';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isIdentPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.';
    }

    private static boolean isDateTimePart(char c) {
        return isDigit(c) || c == ':' || c == '.' || c == 'Z' || c == 'z' || c == '+' || c == '-';
    }
}
