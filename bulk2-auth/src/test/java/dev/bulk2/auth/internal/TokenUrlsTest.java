package dev.bulk2.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenUrlsTest {

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "127.0.0.1", "127.1.2.3", "[::1]", "::1", "LOCALHOST"})
    void loopback(String host) {
        assertThat(TokenUrls.isLoopback(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"128.0.0.1", "127.0.0.256", "127.0.0", "localhost.evil.com", "127.0.0.1.nip.io",
        "acme.my.salesforce.com", ""})
    void notLoopback(String host) {
        assertThat(TokenUrls.isLoopback(host)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "http://127.0.0.1:8080, http://127.0.0.1:8080/services/oauth2/token",
        "http://localhost:1/x/, http://localhost:1/x/services/oauth2/token",
        "http://[::1]:9/, http://[::1]:9/services/oauth2/token",
        "HTTPS://Acme.My.Salesforce.com//, https://Acme.My.Salesforce.com/services/oauth2/token"
    })
    void tokenEndpoint_normalises(String in, String out) {
        assertThat(TokenUrls.tokenEndpoint(URI.create(in), "tokenUrl")).isEqualTo(URI.create(out));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://acme.my.salesforce.com?x=1", "https://acme.my.salesforce.com#f",
        "https://user:pw@acme.my.salesforce.com", "/relative/path", "ftp://acme.my.salesforce.com",
        "http://10.0.0.1"})
    void tokenEndpoint_rejects(String url) {
        assertThatThrownBy(() -> TokenUrls.tokenEndpoint(URI.create(url), "tokenUrl"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("tokenUrl ")
                .hasMessageNotContaining("pw@");
    }

    @ParameterizedTest
    @CsvSource({
        "https://login.salesforce.com, https://login.salesforce.com",
        "https://test.salesforce.com, https://test.salesforce.com",
        "https://TEST.salesforce.com., https://test.salesforce.com",
        "https://acme--uat.sandbox.my.salesforce.com, https://test.salesforce.com",
        "https://acme.my.salesforce.com, https://login.salesforce.com",
        "http://127.0.0.1:9999, https://login.salesforce.com"
    })
    void defaultAudience(String loginUrl, String audience) {
        assertThat(TokenUrls.defaultAudience(URI.create(loginUrl))).isEqualTo(audience);
    }
}
