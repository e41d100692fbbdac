package dev.bulk2.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OAuthTest {
    @RegisterExtension
    static final Bulk2EmulatorExtension SF = Bulk2EmulatorExtension.create();

    /** The instant the emulator's fake clock starts at in these tests. */
    static final Instant START = Instant.parse("2025-06-02T09:14:07Z");

    private static Raw.Resp token(Bulk2Emulator sf, String form, String basic) {
        Raw raw = new Raw(sf);
        HttpRequest.Builder b = HttpRequest.newBuilder(sf.tokenUrl())
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (basic != null) {
            b.header("Authorization", "Basic " + basic);
        }
        return raw.send(b);
    }

    @Test
    void clientCredentialsByFormAndBasic() {
        Bulk2Emulator sf = SF.emulator();
        Raw.Resp r = token(sf, "grant_type=client_credentials&client_id=" + sf.clientId() + "&client_secret="
                + sf.clientSecret(), null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("application/json;charset=UTF-8");
        assertThat(r.body()).matches("\\{\"access_token\":\"00D[^\"]+![^\"]+\",\"signature\":\"[^\"]+\",\"scope\":"
                + "\"api\",\"instance_url\":\"" + sf.instanceUrl() + "\",\"id\":\"https://login.salesforce.com/id/"
                + "00D\\w{15}/005\\w{15}\",\"token_type\":\"Bearer\",\"issued_at\":\"\\d{13}\"\\}");
        assertThat(r.body()).doesNotContain("refresh_token", "expires_in");
        String token = Raw.field(r.body(), "access_token");
        Raw api = new Raw(sf);
        api.token = token;
        assertThat(api.get(Raw.base() + "/jobs/ingest").status()).isEqualTo(200);

        String basic = Base64.getEncoder().encodeToString((sf.clientId() + ":" + sf.clientSecret())
                .getBytes(StandardCharsets.UTF_8));
        assertThat(token(sf, "grant_type=client_credentials", basic).status()).isEqualTo(200);
    }

    @Test
    void clientCredentialsErrors() {
        Bulk2Emulator sf = SF.emulator();
        assertThat(token(sf, "grant_type=client_credentials&client_id=nope&client_secret=x", null).body())
                .isEqualTo("{\"error\":\"invalid_client_id\",\"error_description\":\"client identifier invalid\"}");
        Raw.Resp badSecret = token(sf, "grant_type=client_credentials&client_id=" + sf.clientId()
                + "&client_secret=wrong", null);
        assertThat(badSecret.status()).isEqualTo(400);
        assertThat(badSecret.body())
                .isEqualTo("{\"error\":\"invalid_client\",\"error_description\":\"invalid client credentials\"}");
        assertThat(token(sf, "grant_type=password", null).body()).contains("unsupported_grant_type");
    }

    @Test
    void clientCredentialsOnLoginHostIsRejected() throws Exception {
        Bulk2Emulator sf = SF.emulator();
        String body = "grant_type=client_credentials&client_id=" + sf.clientId() + "&client_secret="
                + sf.clientSecret();
        try (Socket s = new Socket("127.0.0.1", sf.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /services/oauth2/token HTTP/1.1\r\nHost: login.salesforce.com\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\nContent-Length: "
                    + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String status = in.readLine();
            StringBuilder all = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                all.append(line).append('\n');
            }
            assertThat(status).isEqualTo("HTTP/1.1 400 Bad Request");
            assertThat(all.toString()).contains(
                    "{\"error\":\"invalid_grant\",\"error_description\":\"request not supported on this domain\"}");
        }
    }

    static String jwt(PrivateKey key, String iss, String sub, String aud, long exp) throws Exception {
        Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
        String h = e.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8));
        String c = e.encodeToString(("{\"iss\":\"" + iss + "\",\"sub\":\"" + sub + "\",\"aud\":\"" + aud
                + "\",\"exp\":" + exp + "}").getBytes(StandardCharsets.UTF_8));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key);
        s.update((h + "." + c).getBytes(StandardCharsets.US_ASCII));
        return h + "." + c + "." + e.encodeToString(s.sign());
    }

    static String jwtForm(String assertion) {
        return "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8)
                + "&assertion=" + assertion;
    }

    @Test
    void jwtBearerSuccessAndErrors() throws Exception {
        FakeClock clock = FakeClock.of(START);
        try (Bulk2Emulator sf = Bulk2Emulator.builder().clock(clock).build().start()) {
            PrivateKey key = sf.jwtPrivateKey().orElseThrow();
            long now = clock.millis() / 1000;
            String login = "https://login.salesforce.com";
            Raw.Resp ok = token(sf, jwtForm(jwt(key, sf.clientId(), sf.username(), login, now + 180)), null);
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.body()).contains("\"token_type\":\"Bearer\"", "\"issued_at\":\"" + clock.millis() + "\"")
                    .doesNotContain("refresh_token", "signature");
            assertThat(token(sf, jwtForm(jwt(key, sf.clientId(), sf.username(), "https://test.salesforce.com",
                    now + 60)), null).status()).isEqualTo(200);

            assertThat(token(sf, jwtForm(jwt(key, sf.clientId(), sf.username(), "https://evil.example", now + 60)),
                    null).body()).isEqualTo("{\"error\":\"invalid_grant\",\"error_description\":\"audience is invalid\"}");
            assertThat(token(sf, jwtForm(jwt(key, "other", sf.username(), login, now + 60)), null).body())
                    .contains("invalid_client_id");
            assertThat(token(sf, jwtForm(jwt(key, sf.clientId(), "someone@else", login, now + 60)), null).body())
                    .contains("authentication failure");
            assertThat(token(sf, jwtForm(jwt(key, sf.clientId(), sf.username(), login, now + 181)), null).body())
                    .contains("invalid_grant");
            assertThat(token(sf, jwtForm(jwt(key, sf.clientId(), sf.username(), login, now - 181)), null).body())
                    .contains("invalid_grant");
            assertThat(token(sf, jwtForm(jwt(key, sf.clientId(), sf.username(), login, now - 170)), null).status())
                    .isEqualTo(200);
            String good = jwt(key, sf.clientId(), sf.username(), login, now + 60);
            String tampered = good.substring(0, good.length() - 4) + "AAAA";
            assertThat(token(sf, jwtForm(tampered), null).body())
                    .isEqualTo("{\"error\":\"invalid_grant\",\"error_description\":\"invalid assertion\"}");
        }
    }

    @Test
    void expiredTokensGet401() {
        FakeClock clock = FakeClock.of(START);
        try (Bulk2Emulator sf = Bulk2Emulator.builder().clock(clock).tokenTtl(Duration.ofMinutes(5))
                .tokenMaxRequests(3).build().start()) {
            Raw raw = new Raw(sf);
            String path = Raw.base() + "/jobs/ingest";
            assertThat(raw.get(path).status()).isEqualTo(200);
            clock.advance(Duration.ofMinutes(5));
            Raw.Resp expired = raw.get(path);
            assertThat(expired.status()).isEqualTo(401);
            assertThat(expired.body())
                    .isEqualTo("[{\"errorCode\":\"INVALID_SESSION_ID\",\"message\":\"Session expired or invalid\"}]");
            assertThat(expired.header("Sforce-Limit-Info")).isNotNull();

            raw.token = sf.issueToken();
            for (int i = 0; i < 3; i++) {
                assertThat(raw.get(path).status()).isEqualTo(200);
            }
            assertThat(raw.get(path).status()).isEqualTo(401);

            raw.token = sf.issueToken();
            assertThat(raw.get(path).status()).isEqualTo(200);
            sf.expireAllTokens();
            assertThat(raw.get(path).status()).isEqualTo(401);
            raw.token = "garbage";
            assertThat(raw.get(path).status()).isEqualTo(401);
        }
    }
}
