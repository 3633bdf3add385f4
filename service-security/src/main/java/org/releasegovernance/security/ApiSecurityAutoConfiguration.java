package org.releasegovernance.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.web.SecurityFilterChain;

import java.util.ArrayList;
import java.util.List;

/**
 * Every endpoint needs a bearer token except health and the paths a service declares public. Roles are checked
 * per endpoint with {@code @PreAuthorize}; refusals are problem documents.
 */
@AutoConfiguration(before = SecurityAutoConfiguration.class)
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
    @ConditionalOnMissingBean
    SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, ApiSecurityProperties properties,
                                               OpaqueTokenIntrospector introspector, ObjectMapper json)
            throws Exception {
        List<String> publicPaths = new ArrayList<>(ALWAYS_PUBLIC);
        publicPaths.addAll(properties.publicPaths());
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(publicPaths.toArray(String[]::new)).permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .opaqueToken(opaque -> opaque.introspector(introspector))
                        .authenticationEntryPoint(ProblemResponses.unauthenticated(json))
                        .accessDeniedHandler(ProblemResponses.forbidden(json)))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(ProblemResponses.unauthenticated(json))
                        .accessDeniedHandler(ProblemResponses.forbidden(json)))
                .build();
    }
}
