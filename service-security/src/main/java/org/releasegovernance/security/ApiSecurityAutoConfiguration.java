package org.releasegovernance.security;

import org.releasegovernance.problems.ApiProblemsAutoConfiguration;
import org.releasegovernance.problems.ProblemWriter;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.PathContainer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.util.pattern.PathPatternParser;

import java.util.ArrayList;
import java.util.List;

/**
 * Every endpoint needs a bearer token except health and the paths a service declares public. Tokens are either
 * configured static tokens (stored hashed; the demo tokens of the local run) or, when
 * {@code governance.security.jwt.issuer-uri} is set, JWTs of that issuer with roles from a configurable claim. Roles
 * are checked per endpoint with {@code @PreAuthorize}, before the request body is read; refusals (401, 403, the
 * firewall's) are problem documents.
 */
@AutoConfiguration(before = SecurityAutoConfiguration.class, after = ApiProblemsAutoConfiguration.class)
@EnableMethodSecurity
@EnableConfigurationProperties(ApiSecurityProperties.class)
public class ApiSecurityAutoConfiguration {

    private static final List<String> ALWAYS_PUBLIC = List.of("/actuator/health", "/actuator/health/**", "/error");

    @Bean
    @ConditionalOnMissingBean
    OpaqueTokenIntrospector hashedTokenIntrospector(ApiSecurityProperties properties) {
        List<ApiSecurityProperties.TokenGrant> grants = new ArrayList<>(properties.tokens());
        if (properties.demoTokens()) {
            grants.addAll(DemoTokens.GRANTS);
        }
        return new HashedTokenIntrospector(grants);
    }

    @Bean
    @ConditionalOnMissingBean(JwtDecoder.class)
    @ConditionalOnProperty("governance.security.jwt.issuer-uri")
    JwtDecoder issuerJwtDecoder(ApiSecurityProperties properties) {
        ApiSecurityProperties.Jwt jwt = properties.jwt();
        if (jwt.jwkSetUri() == null || jwt.jwkSetUri().isBlank()) {
            return JwtDecoders.fromIssuerLocation(jwt.issuerUri());
        }
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwt.jwkSetUri()).build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(jwt.issuerUri()));
        return decoder;
    }

    @Bean
    @ConditionalOnMissingBean
    SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, ApiSecurityProperties properties,
                                               OpaqueTokenIntrospector introspector,
                                               ObjectProvider<JwtDecoder> jwtDecoder, ProblemWriter problems)
            throws Exception {
        List<String> publicPaths = new ArrayList<>(ALWAYS_PUBLIC);
        publicPaths.addAll(properties.publicPaths());
        if (properties.jwt().enabled() && properties.demoTokens()) {
            throw new IllegalStateException("governance.security.demo-tokens and governance.security.jwt.issuer-uri "
                    + "exclude each other: demo tokens are for the local run only.");
        }
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(publicPaths.toArray(String[]::new)).permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(resourceServer -> {
                    if (properties.jwt().enabled()) {
                        resourceServer.jwt(jwt -> jwt.decoder(jwtDecoder.getObject())
                                .jwtAuthenticationConverter(new ClaimRolesConverter(properties.jwt())));
                    } else {
                        resourceServer.opaqueToken(opaque -> opaque.introspector(introspector));
                    }
                    resourceServer
                        .authenticationEntryPoint(SecurityProblems.unauthenticated(problems))
                        .accessDeniedHandler(SecurityProblems.forbidden(problems));
                })
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(SecurityProblems.unauthenticated(problems))
                        .accessDeniedHandler(SecurityProblems.forbidden(problems)))
                .build();
    }

    @Bean
    RequestRejectedHandler problemRequestRejectedHandler(ProblemWriter problems) {
        return SecurityProblems.rejected(problems);
    }

    @Bean
    CallerController callerController() {
        return new CallerController();
    }

    @Bean
    AccessDeniedAdvice accessDeniedAdvice() {
        return new AccessDeniedAdvice();
    }

    /** Roles are checked before the request body is read, so a caller without the role learns only that. */
    @Bean
    WebMvcConfigurer roleCheckBeforeBinding() {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new RoleCheck());
            }
        };
    }

    /** In each service's API document, operations on public paths need no token and so promise no 401 or 403. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springdoc.core.customizers.OpenApiCustomizer")
    static class PublicOperationsDocumentation {

        @Bean
        OpenApiCustomizer publicOperations(ApiSecurityProperties properties) {
            List<String> publicPaths = new ArrayList<>(ALWAYS_PUBLIC);
            publicPaths.addAll(properties.publicPaths());
            return api -> api.getPaths().forEach((path, item) -> {
                boolean open = publicPaths.stream().anyMatch(pattern -> PathPatternParser.defaultInstance
                        .parse(pattern).matches(PathContainer.parsePath(path)));
                if (open) {
                    item.readOperations().forEach(operation -> {
                        operation.setSecurity(List.of());
                        operation.getResponses().remove("401");
                        operation.getResponses().remove("403");
                        operation.setDescription("Public: no token needed.");
                    });
                }
            });
        }
    }
}
