package dev.bulk2.auth.internal;

import java.util.Locale;

/**
 * Administrator hints for the Salesforce token endpoint's OAuth errors (reference §1.5). Not part of the
 * supported API.
 */
public final class OAuthErrors {

    private OAuthErrors() {
    }

    /**
     * Whether an OAuth error is transient, so that the caller may back off and try again later. Only
     * {@code rate_limit_exceeded} is; it is still not retried automatically.
     *
     * @param error the OAuth {@code error}
     * @return true if retrying later may succeed
     */
    public static boolean isRetryable(String error) {
        return "rate_limit_exceeded".equals(error);
    }

    /**
     * What an administrator should do about an OAuth error.
     *
     * @param error the OAuth {@code error}, or {@code null}
     * @param description the OAuth {@code error_description}, or {@code null}
     * @return a hint, one or two sentences
     */
    public static String hint(String error, String description) {
        String e = error == null ? "" : error.toLowerCase(Locale.ROOT);
        String d = description == null ? "" : description.toLowerCase(Locale.ROOT);
        switch (e) {
            case "invalid_client_id":
                return "The client id (consumer key) is unknown to this org: copy it again from the connected app "
                        + "or external client app. A newly created or changed app can take up to 10 minutes to "
                        + "become usable; if so, retry later.";
            case "invalid_client":
                return "The client secret (consumer secret) does not match the client id: copy it again from the "
                        + "app, or rotate it and update the configuration.";
            case "invalid_grant":
                return invalidGrantHint(d);
            case "invalid_app_access":
                return "The app is set to 'Admin approved users are pre-authorized' but this user is not "
                        + "assigned: add the user's profile or a permission set to the app's policies.";
            case "unsupported_grant_type":
                return "The org does not accept this grant: enable the flow (client credentials, or JWT bearer "
                        + "with 'Use digital signatures') in the app's OAuth settings.";
            case "invalid_request":
                return "The token request is missing a parameter or is malformed; check that no proxy alters "
                        + "the request and report it to the bulk2 maintainers if it persists.";
            case "inactive_user":
                return "The user is deactivated: reactivate the integration user (the JWT 'sub' or the client "
                        + "credentials Run-As user) or configure an active one.";
            case "inactive_org":
                return "The org is inactive (locked, expired trial or deleted sandbox): check the org's status.";
            case "rate_limit_exceeded":
                return "Too many token requests for this user or app: back off and retry later, and reuse one "
                        + "provider (and its cached token) instead of creating one per request.";
            default:
                if (d.contains("not admin approved")) {
                    return "The app is set to 'Admin approved users are pre-authorized' but this user is not "
                            + "assigned: add the user's profile or a permission set to the app's policies.";
                }
                return "See the Salesforce OAuth error documentation and the app's settings in Setup.";
        }
    }

    private static String invalidGrantHint(String d) {
        if (d.contains("not supported on this domain")) {
            return "The client credentials flow must be posted to the org's My Domain, e.g. "
                    + "https://yourdomain.my.salesforce.com/services/oauth2/token (sandbox: "
                    + "https://yourdomain--sandboxname.sandbox.my.salesforce.com), not to login.salesforce.com or "
                    + "test.salesforce.com.";
        }
        if (d.contains("no client credentials user")) {
            return "Enable the client credentials flow on the app and assign a Run-As (execution) user in its "
                    + "policies (Client Credentials Flow > Run As).";
        }
        if (d.contains("hasn't approved") || d.contains("has not approved")) {
            return "The user has not been pre-authorized for the app: set Permitted Users to 'Admin approved "
                    + "users are pre-authorized' and assign the user's profile or a permission set to the app.";
        }
        if (d.contains("audience")) {
            return "The JWT 'aud' claim is wrong: use https://login.salesforce.com for production and My Domain "
                    + "hosts, https://test.salesforce.com for sandboxes (set audience(...) on the builder to "
                    + "override).";
        }
        if (d.contains("invalid assertion") || d.contains("expired")) {
            return "The JWT assertion was rejected: check that the certificate uploaded to the app matches the "
                    + "private key, that the client id ('iss') is the app's consumer key, and that this machine's "
                    + "clock is correct (the assertion expires within 3 minutes).";
        }
        if (d.contains("not admin approved")) {
            return "The app is set to 'Admin approved users are pre-authorized' but this user is not assigned: "
                    + "add the user's profile or a permission set to the app's policies.";
        }
        if (d.contains("authentication failure")) {
            return "Salesforce refused the login: check the username ('sub' / Run-As user), that the user is "
                    + "active and not locked out, and the login IP ranges of the user's profile and the app's "
                    + "IP relaxation policy.";
        }
        return "The grant was refused: check the username, the app's policies and the login URL.";
    }
}
