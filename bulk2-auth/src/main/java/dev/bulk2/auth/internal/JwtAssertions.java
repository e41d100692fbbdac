package dev.bulk2.auth.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.bulk2.core.exception.AuthenticationException;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Objects;

/**
 * Mints the RS256-signed JWT bearer assertions Salesforce expects: header {@code {"alg":"RS256"}}, claims
 * {@code iss}, {@code sub}, {@code aud} and {@code exp} (seconds). Thread-safe. Not part of the supported API.
 */
public final class JwtAssertions {
    private static final JWSHeader HEADER = new JWSHeader(JWSAlgorithm.RS256);

    private final RSASSASigner signer;
    private final String issuer;
    private final String subject;
    private final String audience;
    private final Duration lifetime;
    private final Clock clock;

    /**
     * Creates the minter.
     *
     * @param key the RSA private key (checked by {@link PrivateKeys#checkRsa})
     * @param issuer the client id
     * @param subject the username
     * @param audience the audience
     * @param lifetime how far in the future {@code exp} lies
     * @param clock the clock
     */
    public JwtAssertions(PrivateKey key, String issuer, String subject, String audience, Duration lifetime,
            Clock clock) {
        this.signer = new RSASSASigner(Objects.requireNonNull(key, "key"));
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.subject = Objects.requireNonNull(subject, "subject");
        this.audience = Objects.requireNonNull(audience, "audience");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A new signed assertion, compact serialisation. A secret: never log it.
     *
     * @return the assertion
     * @throws AuthenticationException if signing fails
     */
    public String mint() {
        // exp is whole seconds; round down so that it never exceeds now + lifetime
        long exp = clock.instant().plus(lifetime).getEpochSecond();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .audience(audience)
                .expirationTime(new Date(exp * 1000L))
                .build();
        SignedJWT jwt = new SignedJWT(HEADER, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            // the exception text comes from the JCA provider and holds no key material
            throw new AuthenticationException("Could not sign the JWT bearer assertion with the configured RSA "
                    + "private key: " + e.getMessage(), null, null, false, e);
        }
        return jwt.serialize();
    }
}
