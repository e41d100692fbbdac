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
 * then any name within an edit distance of 2 ignoring case (typos, a dropped underscore). Internal, stateless.
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
                int d = distance(w, n.toLowerCase(Locale.ROOT), best);
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

    /** Levenshtein distance, giving up (returning {@code limit}) once it reaches {@code limit}. */
    static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) >= limit) {
            return limit;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin >= limit) {
                return limit;
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return Math.min(prev[b.length()], limit);
    }
}
