package dev.bulk2.testkit.internal.soql;

/**
 * One lexical token of a SOQL text. Immutable.
 */
final class Token {

    /** Token kinds. */
    enum Kind {
        /** Identifier or keyword, possibly dotted ({@code Account.Name}). */
        IDENT,
        /** A quoted string literal; {@link #text} holds the raw body between the quotes. */
        STRING,
        /** A number literal, optionally signed. */
        NUMBER,
        /** A date literal {@code 2024-01-31}. */
        DATE,
        /** A date-time literal {@code 2024-01-31T10:00:00Z}. */
        DATETIME,
        /** A comparison operator: = != &lt;&gt; &lt; &gt; &lt;= &gt;=. */
        OPERATOR,
        /** {@code (}. */
        LPAREN,
        /** {@code )}. */
        RPAREN,
        /** {@code ,}. */
        COMMA,
        /** Anything else (a bind variable colon, a stray character). */
        OTHER,
        /** End of input. */
        EOF
    }

    final Kind kind;
    /** Raw text as written (for STRING: the body between the quotes, escapes not decoded). */
    final String text;
    /** Offset of the first character in the query text. */
    final int offset;

    Token(Kind kind, String text, int offset) {
        this.kind = kind;
        this.text = text;
        this.offset = offset;
    }

    /**
     * Whether this is the given keyword (case-insensitive).
     *
     * @param keyword upper-case keyword
     * @return true if it matches
     */
    boolean is(String keyword) {
        return kind == Kind.IDENT && text.equalsIgnoreCase(keyword);
    }

    /**
     * The token as Salesforce names it in "unexpected token" messages.
     *
     * @return the display text
     */
    String display() {
        switch (kind) {
            case EOF:
                return "<EOF>";
            case STRING:
                return text;
            default:
                return text;
        }
    }

    @Override
    public String toString() {
        return kind + "(" + text + ")@" + offset;
    }
}
