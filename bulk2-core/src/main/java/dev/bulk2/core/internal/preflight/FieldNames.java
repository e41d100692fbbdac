package dev.bulk2.core.internal.preflight;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * "Did you mean" for a header name the object does not have: the near misses users make with Salesforce API
 * names. Tried in order, first match wins per rule: a missing {@code __c} suffix; {@code __c} for a Person
 * Account field ({@code __pc}) and back; a missing or extra {@code Person} prefix (Person Account fields such as
 * {@code PersonBirthdate}, {@code PersonMailingCity}); {@code __r}/{@code __c} mixed up in a relationship name;
 * then the names nearest within an edit distance of 2 ignoring case (typos, swapped letters, a dropped
 * underscore). Internal, stateless.
 */
public final class FieldNames {
    private FieldNames() {
    }

    /**
     * Candidate names for {@code wanted} among {@code names}, best first, at most 3.
     *
     * @param wanted the header name
     * @param names the object's field (or relationship) names
     * @return the suggestions, possibly empty
     */
    public static List<String> suggest(String wanted, Collection<String> names) {
        String w = wanted.toLowerCase(Locale.ROOT);
        Set<String> out = new LinkedHashSet<>();
        for (String n : names) {
            String l = n.toLowerCase(Locale.ROOT);
            if (l.equals(w + "__c") || l.equals(w + "__pc") || l.equals(w + "__r")) {
                out.add(n);
            }
        }
        for (String n : names) {
            String l = n.toLowerCase(Locale.ROOT);
            if (swapSuffix(w, "__c", "__pc").equals(l) || swapSuffix(w, "__pc", "__c").equals(l)
                    || swapSuffix(w, "__c", "__r").equals(l) || swapSuffix(w, "__r", "__c").equals(l)) {
                out.add(n);
            }
        }
        for (String n : names) {
            String l = n.toLowerCase(Locale.ROOT);
            if (l.equals("person" + w) || w.equals("person" + l) || l.equals("person" + stripSuffix(w))) {
                out.add(n);
            }
        }
        if (out.isEmpty()) {
            int best = 3;
            List<String> close = new ArrayList<>();
            for (String n : names) {
                int d = distance(w, n.toLowerCase(Locale.ROOT), 3);
                if (d < best) {
                    best = d;
                    close.clear();
                    close.add(n);
                } else if (d == best && d < 3) {
                    close.add(n);
                }
            }
            out.addAll(close);
        }
        List<String> l = new ArrayList<>(out);
        return l.size() > 3 ? l.subList(0, 3) : l;
    }

    /**
     * The hint text for suggestions.
     *
     * @param suggestions from {@link #suggest}
     * @return "Did you mean X?" or "Did you mean X or Y?", or null if none
     */
    public static String didYouMean(List<String> suggestions) {
        if (suggestions.isEmpty()) {
            return null;
        }
        if (suggestions.size() == 1) {
            return "Did you mean " + suggestions.get(0) + "?";
        }
        return "Did you mean " + String.join(", ", suggestions.subList(0, suggestions.size() - 1)) + " or "
                + suggestions.get(suggestions.size() - 1) + "?";
    }

    private static String swapSuffix(String w, String from, String to) {
        return w.endsWith(from) ? w.substring(0, w.length() - from.length()) + to : "\u0000";
    }

    private static String stripSuffix(String w) {
        int i = w.lastIndexOf("__");
        return i > 0 ? w.substring(0, i) + "__pc" : w;
    }

    /**
     * Edit distance with adjacent transpositions (optimal string alignment: {@code Emial} is 1 from
     * {@code Email}), giving up (returning {@code limit}) once it reaches {@code limit}.
     */
    static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) >= limit) {
            return limit;
        }
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int rowMin = Integer.MAX_VALUE;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i][j - 1] + 1, d[i - 1][j] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
                rowMin = Math.min(rowMin, v);
            }
            if (rowMin >= limit + 1) {
                return limit;
            }
        }
        return Math.min(d[a.length()][b.length()], limit);
    }
}
