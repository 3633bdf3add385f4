package org.releasegovernance.notifier.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import org.releasegovernance.idempotency.IdempotencyKeyDocumentation;
import org.releasegovernance.problems.OperationFacts;
import org.releasegovernance.problems.ProblemSchema;
import org.releasegovernance.security.RequiredRoles;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;

import java.util.List;
import java.util.Map;

/**
 * The OpenAPI document at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}), public like the API's
 * shape. What each operation answers is read from the code rather than repeated on every method: its tag from its
 * feature package, the roles from {@code @PreAuthorize}, 400 and 415 from its parameters and body, 404 from an
 * addressed resource, 412 from an {@code If-Match} header, and which operations need no token from
 * {@code governance.security.public-paths}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    /** One tag per feature package, so a reader of the document finds what a reader of the code finds. */
    private static final Map<String, String> FEATURES = Map.of(
            "subscription", "Webhook (Standard Webhooks), Mastodon and e-mail subscriptions: filters by event type "
                    + "and release, pause and resume, secret rotation",
            "delivery", "The delivery log: each delivery with its attempts; dead letters can be retried",
            "security", "Who the presented token belongs to, and its roles",
            "feed", "The Atom feed of public releases and published reviews");

    @Bean
    OpenAPI notifierOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Release governance: notification API").version("v1")
                        .license(new License().name("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0"))
                        .description("Tells subscribers of governance decisions: signed webhooks following the "
                                + "Standard Webhooks specification, posts on a Mastodon account, e-mail to one "
                                + "address per subscription (through the configured SMTP server), and a public Atom "
                                + "feed of public releases and published reviews. Deliveries go through an outbox: at least once, with "
                                + "exponential backoff, dead letters after the last attempt and a manual retry.\n\n"
                                + "A subscription's answers carry its version as `ETag`; its PATCH, DELETE and "
                                + "secret rotation honour `If-Match` (412 version-mismatch when it moved on). "
                                + "Refusals are RFC 9457 problem documents whose `type` ends in the broken rule. "
                                + "This document, Swagger UI and the Atom feed need no token; everything else needs "
                                + "the role SUBSCRIBER_ADMIN."))
                // relative: Swagger UI calls the origin that served it, also behind a proxy or the web console
                .servers(List.of(new Server().url("/").description("This service")))
                .components(IdempotencyKeyDocumentation.withReplayedHeader(new Components())
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("A bearer token: a configured token locally, a JWT "
                                        + "from the configured issuer elsewhere; these operations need "
                                        + "SUBSCRIBER_ADMIN."))
                        .addSchemas(ProblemSchema.NAME, ProblemSchema.schema("subscription-not-found"))
                        .addHeaders(HttpHeaders.ETAG, new Header().description("The subscription's version after "
                                + "the request, e.g. \"7\"; send it back as If-Match").schema(new StringSchema())))
                .addSecurityItem(new SecurityRequirement().addList("bearer"))
                .tags(FEATURES.entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(feature -> new Tag().name(feature.getKey()).description(feature.getValue())).toList());
    }

    @Bean
    OperationCustomizer notifierDocumentation() {
        return (operation, handler) -> {
            operation.setTags(List.of(OperationFacts.feature(handler)));
            if (operation.getOperationId() == null) {
                operation.setOperationId(handler.getMethod().getName());
            }
            describeRoles(operation, handler);
            ApiResponses responses = operation.getResponses();
            boolean body = OperationFacts.takes(handler, RequestBody.class);
            if (body || OperationFacts.takes(handler, RequestParam.class)
                    || OperationFacts.hasTypedPathVariable(handler)) {
                problem(responses, "400", "Invalid request: malformed JSON, an unknown field, a missing, wrongly "
                        + "typed or refused field or parameter (each named in 'errors')");
            }
            problem(responses, "401", "No bearer token, or one that is not valid");
            problem(responses, "403", "The token's roles do not allow this operation");
            if (OperationFacts.takes(handler, PathVariable.class)) {
                problem(responses, "404", "No subscription or delivery of that id");
            }
            if (body) {
                problem(responses, "415", "The body is not application/json");
            }
            if (describeIfMatch(operation)) {
                problem(responses, "412", "If-Match names a version that is no longer current, or no version "
                        + "(version-mismatch); nothing was changed");
            }
            if (OperationFacts.isWrite(handler)) {
                IdempotencyKeyDocumentation.documentWrite(operation);
                IdempotencyKeyDocumentation.documentRefusals(responses);
            }
            ProblemSchema.declaredRefusalsAreProblems(responses);
            return operation;
        };
    }

    private static void describeRoles(Operation operation, HandlerMethod handler) {
        List<String> roles = RequiredRoles.of(handler);
        if (!roles.isEmpty()) {
            operation.setDescription(RequiredRoles.sentence(roles));
        }
    }

    /** Describes the operation's {@code If-Match} header, if it takes one; returns whether it does. */
    private static boolean describeIfMatch(Operation operation) {
        if (operation.getParameters() == null) {
            return false;
        }
        List<Parameter> ifMatch = operation.getParameters().stream()
                .filter(parameter -> HttpHeaders.IF_MATCH.equalsIgnoreCase(parameter.getName())).toList();
        ifMatch.forEach(parameter -> parameter.description("The ETag last read, e.g. \"7\": if the subscription "
                + "has moved on since, 412 version-mismatch and nothing is changed. * or absent: no check."));
        return !ifMatch.isEmpty();
    }

    private static void problem(ApiResponses responses, String status, String description) {
        ProblemSchema.respond(responses, status, description);
    }

}
