package dev.bulk2.auth;

/**
 * Where {@link ClientCredentialsAuth} puts the client id and secret in the token request. Salesforce accepts
 * both; they are equivalent.
 */
public enum CredentialsPlacement {
    /**
     * As form fields: {@code grant_type=client_credentials&client_id=...&client_secret=...}. The default.
     */
    FORM_BODY,
    /**
     * As an {@code Authorization: Basic base64(client_id:client_secret)} header, with the body
     * {@code grant_type=client_credentials}.
     */
    BASIC_HEADER
}
