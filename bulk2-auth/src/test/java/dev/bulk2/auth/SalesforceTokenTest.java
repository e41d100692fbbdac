package dev.bulk2.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulk2.core.auth.AccessToken;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SalesforceTokenTest {
    static final Instant ISSUED = Instant.ofEpochMilli(1748855647123L);

    static SalesforceToken full() {
        return SalesforceToken.builder().accessToken("00D!secretValue").instanceUrl(URI.create("https://a.my.salesforce.com"))
                .id("https://login.salesforce.com/id/00D/005").issuedAt(ISSUED).scope("api").tokenType("Bearer")
                .signature("sig=").apiInstanceUrl(URI.create("https://api.salesforce.com")).build();
    }

    @Test
    void toBuilder_roundTrips_andEqualityCoversEveryField() {
        SalesforceToken t = full();

        assertThat(t.toBuilder().build()).isEqualTo(t).hasSameHashCodeAs(t);
        assertThat(t.toBuilder().accessToken("other").build()).isNotEqualTo(t);
        assertThat(t.toBuilder().instanceUrl(null).build()).isNotEqualTo(t);
        assertThat(t.toBuilder().id(null).build()).isNotEqualTo(t);
        assertThat(t.toBuilder().issuedAt(ISSUED.plusMillis(1)).build()).isNotEqualTo(t);
        assertThat(t.toBuilder().scope("id api").build()).isNotEqualTo(t);
        assertThat(t.toBuilder().tokenType(null).build()).isNotEqualTo(t);
        assertThat(t.toBuilder().signature(null).build()).isNotEqualTo(t);
        assertThat(t.toBuilder().apiInstanceUrl(null).build()).isNotEqualTo(t);
    }

    @Test
    void toString_redactsAccessToken() {
        assertThat(full().toString()).contains("accessToken=<redacted>", "https://a.my.salesforce.com", "api")
                .doesNotContain("secretValue");
    }

    @Test
    void toAccessToken_carriesValueInstanceUrlAndIssuedAt() {
        assertThat(full().toAccessToken())
                .isEqualTo(AccessToken.of("00D!secretValue", URI.create("https://a.my.salesforce.com"), ISSUED));
        SalesforceToken bare = SalesforceToken.builder().accessToken("t").issuedAt(ISSUED).build();
        assertThat(bare.toAccessToken().instanceUrl()).isEmpty();
        assertThat(bare.id()).isEmpty();
        assertThat(bare.apiInstanceUrl()).isEmpty();
    }

    @Test
    void build_requiresAccessTokenAndIssuedAt() {
        assertThatThrownBy(() -> SalesforceToken.builder().issuedAt(ISSUED).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("accessToken");
        assertThatThrownBy(() -> SalesforceToken.builder().accessToken("t").build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("issuedAt");
        assertThatThrownBy(() -> SalesforceToken.builder().accessToken(" ").issuedAt(ISSUED).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
    }
}
