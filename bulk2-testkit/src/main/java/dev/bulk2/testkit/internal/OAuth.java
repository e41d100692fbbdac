package dev.bulk2.testkit.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The OAuth token endpoint (client credentials, JWT bearer) and the token table. Thread-safe. */
final class OAuth {
    static final String JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private static final String TOKEN_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._";

    private static final class Token {
        final long issuedAt;
        long requests;
        volatile boolean expired;

        Token(long issuedAt) {
            this.issuedAt = issuedAt;
        }
    }

    private final Engine engine;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    OAuth(Engine engine) {
        this.engine = engine;
    }

    String issue() {
        StringBuilder sb = new StringBuilder("00D").append(engine.orgId15.substring(3)).append("!AQ8AQ");
        for (int i = 0; i < 90; i++) {
            sb.append(TOKEN_CHARS.charAt(random.nextInt(TOKEN_CHARS.length())));
        }
        String t = sb.toString();
        Token token = new Token(engine.cfg.clock.millis());
        // FaultPlan.rejectTokensAfterExpiry: the session is reset right after the login, so the first REST
        // request with this token gets 401 INVALID_SESSION_ID like any expired token
        token.expired = engine.faults.rejectIssuedToken();
        tokens.put(t, token);
        return t;
    }

    void expireAll() {
        for (Token t : tokens.values()) {
            t.expired = true;
        }
    }

    void clear() {
        tokens.clear();
    }

    /** Validates a bearer token for one REST request (counting it), true when valid. */
    boolean authenticate(String authorization) {
        if (authorization == null) {
            return false;
        }
        String a = authorization.trim();
        String token;
        if (a.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = a.substring(7).trim();
        } else if (a.regionMatches(true, 0, "OAuth ", 0, 6)) {
            token = a.substring(6).trim();
        } else {
            return false;
        }
        Token t = tokens.get(token);
        if (t == null || t.expired) {
            return false;
        }
        long now = engine.cfg.clock.millis();
        if (now - t.issuedAt >= engine.cfg.tokenTtl.toMillis()) {
            t.expired = true;
            return false;
        }
        synchronized (t) {
            if (engine.cfg.tokenMaxRequests > 0 && t.requests >= engine.cfg.tokenMaxRequests) {
                t.expired = true;
                return false;
            }
            t.requests++;
        }
        if (engine.faults.expireTokenNow()) {
            t.expired = true;
            return false;
        }
        return true;
    }

    static Map<String, String> parseForm(String body) {
        Map<String, String> m = new HashMap<>();
        if (body == null || body.isEmpty()) {
            return m;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            m.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return m;
    }

    private static void oauthError(Http h, int status, String error, String description) throws IOException {
        h.json(status, Json.render(g -> {
            g.writeStartObject();
            g.writeStringField("error", error);
            g.writeStringField("error_description", description);
            g.writeEndObject();
        }));
    }

    void handle(Http h) throws IOException {
        if (!"POST".equals(h.ex.getRequestMethod())) {
            h.ex.getResponseHeaders().set("Allow", "POST");
            oauthError(h, 405, "invalid_request", "must use HTTP POST");
            return;
        }
        byte[] raw;
        try {
            raw = h.readBody(1 << 20);
        } catch (Http.TooLarge e) {
            oauthError(h, 400, "invalid_request", "request too large");
            return;
        }
        Map<String, String> form = parseForm(new String(raw, StandardCharsets.UTF_8));
        String grant = form.get("grant_type");
        if (grant == null || grant.isEmpty()) {
            oauthError(h, 400, "unsupported_grant_type", "grant type not supported");
            return;
        }
        if ("client_credentials".equals(grant)) {
            clientCredentials(h, form);
        } else if (JWT_GRANT.equals(grant)) {
            jwt(h, form);
        } else {
            oauthError(h, 400, "unsupported_grant_type", "grant type not supported");
        }
    }

    private void clientCredentials(Http h, Map<String, String> form) throws IOException {
        String host = h.header("Host");
        String hostName = host == null ? "" : host.toLowerCase(Locale.ROOT).replaceFirst(":\\d+$", "");
        if (hostName.equals("login.salesforce.com") || hostName.equals("test.salesforce.com")) {
            oauthError(h, 400, "invalid_grant", "request not supported on this domain");
            return;
        }
        String id = form.get("client_id");
        String secret = form.get("client_secret");
        String basic = h.header("Authorization");
        if (basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String dec = new String(Base64.getDecoder().decode(basic.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = dec.indexOf(':');
                if (colon >= 0) {
                    id = URLDecoder.decode(dec.substring(0, colon), StandardCharsets.UTF_8);
                    secret = URLDecoder.decode(dec.substring(colon + 1), StandardCharsets.UTF_8);
                }
            } catch (IllegalArgumentException e) {
                oauthError(h, 400, "invalid_client", "invalid client credentials");
                return;
            }
        }
        if (id == null || !id.equals(engine.cfg.clientId)) {
            oauthError(h, 400, "invalid_client_id", "client identifier invalid");
            return;
        }
        if (secret == null || !secret.equals(engine.cfg.clientSecret)) {
            oauthError(h, 400, "invalid_client", "invalid client credentials");
            return;
        }
        success(h, true);
    }

    private void jwt(Http h, Map<String, String> form) throws IOException {
        String assertion = form.get("assertion");
        if (assertion == null || assertion.isEmpty()) {
            oauthError(h, 400, "invalid_request", "assertion parameter is missing");
            return;
        }
        String[] parts = assertion.split("\\.", -1);
        if (parts.length != 3) {
            oauthError(h, 400, "invalid_grant", "invalid assertion");
            return;
        }
        Map<?, ?> header;
        Map<?, ?> claims;
        byte[] sig;
        try {
            Base64.Decoder d = Base64.getUrlDecoder();
            Object hv = Json.parse(d.decode(parts[0]));
            Object cv = Json.parse(d.decode(parts[1]));
            sig = d.decode(parts[2]);
            if (!(hv instanceof Map) || !(cv instanceof Map)) {
                throw new IllegalArgumentException("not objects");
            }
            header = (Map<?, ?>) hv;
            claims = (Map<?, ?>) cv;
        } catch (RuntimeException e) {
            oauthError(h, 400, "invalid_grant", "invalid assertion");
            return;
        }
        if (!"RS256".equals(header.get("alg"))) {
            oauthError(h, 400, "invalid_grant", "invalid assertion");
            return;
        }
        Object iss = claims.get("iss");
        if (!engine.cfg.clientId.equals(iss)) {
            oauthError(h, 400, "invalid_client_id", "client identifier invalid");
            return;
        }
        if (!verify(parts[0] + "." + parts[1], sig)) {
            oauthError(h, 400, "invalid_grant", "invalid assertion");
            return;
        }
        Object aud = claims.get("aud");
        if (!audienceOk(aud)) {
            oauthError(h, 400, "invalid_grant", "audience is invalid");
            return;
        }
        Object exp = claims.get("exp");
        long expSec;
        try {
            expSec = Long.parseLong(exp instanceof Json.Num ? ((Json.Num) exp).text : String.valueOf(exp));
        } catch (NumberFormatException e) {
            oauthError(h, 400, "invalid_grant", "invalid assertion");
            return;
        }
        long nowSec = engine.cfg.clock.millis() / 1000;
        if (expSec > nowSec + 180 || expSec < nowSec - 180) {
            oauthError(h, 400, "invalid_grant", "expired authorization code");
            return;
        }
        Object sub = claims.containsKey("prn") ? claims.get("prn") : claims.get("sub");
        if (!(sub instanceof String) || !((String) sub).equalsIgnoreCase(engine.cfg.username)) {
            oauthError(h, 400, "invalid_grant", "authentication failure");
            return;
        }
        success(h, false);
    }

    private boolean audienceOk(Object aud) {
        if (aud instanceof String) {
            return audienceOk((String) aud);
        }
        if (aud instanceof List) {
            for (Object o : (List<?>) aud) {
                if (o instanceof String && audienceOk((String) o)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean audienceOk(String aud) {
        String a = aud.endsWith("/") ? aud.substring(0, aud.length() - 1) : aud;
        return a.equals("https://login.salesforce.com") || a.equals("https://test.salesforce.com")
                || engine.cfg.jwtAudiences.contains(a);
    }

    private boolean verify(String signingInput, byte[] sig) {
        if (engine.cfg.jwtPublicKey == null) {
            return false;
        }
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(engine.cfg.jwtPublicKey);
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return s.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private void success(Http h, boolean withSignature) throws IOException {
        String token = issue();
        String issuedAt = Long.toString(engine.cfg.clock.millis());
        String id = "https://login.salesforce.com/id/" + engine.orgId18 + "/" + engine.userId18;
        String signature = hmac(id + issuedAt);
        h.json(200, Json.render((JsonGenerator g) -> {
            g.writeStartObject();
            g.writeStringField("access_token", token);
            if (withSignature) {
                g.writeStringField("signature", signature);
            }
            g.writeStringField("scope", "api");
            g.writeStringField("instance_url", engine.instanceUrl().toString());
            g.writeStringField("id", id);
            g.writeStringField("token_type", "Bearer");
            g.writeStringField("issued_at", issuedAt);
            g.writeEndObject();
        }));
    }

    private String hmac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(engine.cfg.clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
