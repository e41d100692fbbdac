package dev.bulk2.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Minimal multipart/form-data parser for the job + content create request. */
final class Multipart {
    private static final Pattern BOUNDARY = Pattern.compile("boundary=(\"([^\"]+)\"|([^;\\s]+))",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME = Pattern.compile("name=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);

    private Multipart() {
    }

    static String boundary(String contentType) {
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            return null;
        }
        return m.group(2) != null ? m.group(2) : m.group(3);
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static Map<String, byte[]> parse(byte[] body, String boundary) {
        Map<String, byte[]> parts = new HashMap<>();
        byte[] delim = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int pos = indexOf(body, delim, 0);
        while (pos >= 0) {
            int start = pos + delim.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
                break;
            }
            if (start < body.length && body[start] == '\r') {
                start++;
            }
            if (start < body.length && body[start] == '\n') {
                start++;
            }
            int next = indexOf(body, delim, start);
            if (next < 0) {
                break;
            }
            int end = next;
            if (end > start && body[end - 1] == '\n') {
                end--;
            }
            if (end > start && body[end - 1] == '\r') {
                end--;
            }
            byte[] part = Arrays.copyOfRange(body, start, end);
            int headerEnd = indexOf(part, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
            int skip = 4;
            if (headerEnd < 0) {
                headerEnd = indexOf(part, "\n\n".getBytes(StandardCharsets.ISO_8859_1), 0);
                skip = 2;
            }
            if (headerEnd >= 0) {
                String headers = new String(part, 0, headerEnd, StandardCharsets.UTF_8);
                String name = null;
                for (String line : headers.split("\r?\n")) {
                    if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition")) {
                        Matcher m = NAME.matcher(line);
                        if (m.find()) {
                            name = m.group(1);
                        }
                    }
                }
                if (name != null) {
                    parts.put(name, Arrays.copyOfRange(part, headerEnd + skip, part.length));
                }
            }
            pos = next;
        }
        return parts;
    }
}
