/**
 * OAuth 2.0 {@link dev.bulk2.core.auth.AuthProvider}s for Salesforce: client credentials and JWT bearer.
 *
 * <p>Exports {@code dev.bulk2.auth} only and reads {@code dev.bulk2.core} transitively (the providers implement
 * its {@code AuthProvider}). Jackson and Nimbus JOSE+JWT are used only inside.
 */
module dev.bulk2.auth {
    requires transitive dev.bulk2.core;
    requires com.fasterxml.jackson.core;
    requires com.nimbusds.jose.jwt;

    exports dev.bulk2.auth;
}
