package org.releasegovernance.console.signin;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * OpenID Connect sign-in, offered next to the token form when an issuer is set: the console is a confidential client
 * of that identity provider (authorization code with PKCE), and the access token of the login is what it sends to
 * the services, which must trust the same issuer ({@code governance.security.jwt.issuer-uri}).
 *
 * @param issuerUri    the identity provider's issuer; its discovery document is read at start-up. Unset: no OIDC
 * @param clientId     the console's client id at the identity provider
 * @param clientSecret the console's client secret there
 */
@ConfigurationProperties("console.oidc")
public record OidcProperties(String issuerUri, String clientId, String clientSecret) {

    boolean enabled() {
        return issuerUri != null && !issuerUri.isBlank();
    }
}
