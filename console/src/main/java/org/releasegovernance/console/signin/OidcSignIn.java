package org.releasegovernance.console.signin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.releasegovernance.console.api.ApiRefusal;
import org.releasegovernance.console.api.Apis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.Map;

/**
 * OpenID Connect sign-in (authorization code with PKCE) against {@code console.oidc.issuer-uri}. The identity provider
 * says who the person is; the services say what they may do: the login's access token goes to {@code GET /api/me},
 * and the console session holds that token, as after a token sign-in, and sends it to every API.
 */
@Component
// an empty issuer (docker-compose passes CONSOLE_OIDC_ISSUER_URI through, empty by default) is no issuer
@ConditionalOnExpression("!'${console.oidc.issuer-uri:}'.isBlank()")
class OidcSignIn {

    static final String REGISTRATION = "oidc";
    private static final Logger log = LoggerFactory.getLogger(OidcSignIn.class);

    private final ClientRegistrationRepository registrations;
    /** The authorized client lives in the session only until the console session holds its token. */
    private final OAuth2AuthorizedClientRepository authorizedClients =
            new HttpSessionOAuth2AuthorizedClientRepository();
    private final Apis apis;
    private final ConsoleSession session;

    OidcSignIn(OidcProperties properties, Apis apis, ConsoleSession session) {
        this.registrations = new InMemoryClientRegistrationRepository(registration(properties));
        this.apis = apis;
        this.session = session;
    }

    /** Reads the issuer's discovery document: a console configured for an unreachable issuer does not start. */
    private static ClientRegistration registration(OidcProperties properties) {
        return ClientRegistrations.fromIssuerLocation(properties.issuerUri())
                .registrationId(REGISTRATION)
                .clientId(properties.clientId())
                .clientSecret(properties.clientSecret())
                .clientName(properties.issuerUri())
                .scope("openid")
                .build();
    }

    void configure(HttpSecurity http) throws Exception {
        DefaultOAuth2AuthorizationRequestResolver requests =
                new DefaultOAuth2AuthorizationRequestResolver(registrations, "/oauth2/authorization");
        // PKCE for a confidential client too: an intercepted code is useless without the verifier in our session
        requests.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        http.oauth2Login(login -> login
                .loginPage("/sign-in")
                .clientRegistrationRepository(registrations)
                .authorizedClientRepository(authorizedClients)
                .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(requests))
                .successHandler(this::signedIn)
                .failureUrl("/sign-in?oidc-failed"));
    }

    private void signedIn(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        OAuth2AuthenticationToken login = (OAuth2AuthenticationToken) authentication;
        OAuth2AuthorizedClient client = authorizedClients.loadAuthorizedClient(
                login.getAuthorizedClientRegistrationId(), login, request);
        authorizedClients.removeAuthorizedClient(login.getAuthorizedClientRegistrationId(), login, request, response);
        String accessToken = client.getAccessToken().getTokenValue();
        Map<String, Object> caller;
        try {
            caller = apis.caller(accessToken);
        } catch (ApiRefusal refusal) {
            log.info("the services refused the access token of an OpenID Connect login (HTTP {})",
                    refusal.problem().status());
            SecurityContextHolder.clearContext();
            request.getSession().invalidate();
            response.sendRedirect(request.getContextPath() + "/sign-in?oidc-refused");
            return;
        }
        session.start(caller, accessToken, "through OpenID Connect", request, response);
        response.sendRedirect(request.getContextPath() + "/");
    }
}
