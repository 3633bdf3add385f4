package org.releasegovernance.problems;

import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

/**
 * The OpenAPI schema of the problem documents every service answers, written once next to the code that builds them
 * so the three API documents cannot drift from it or from each other.
 */
public final class ProblemSchema {

    /** The name under {@code components/schemas} that every problem response refers to. */
    public static final String NAME = "Problem";

    private ProblemSchema() {
    }

    /** The shape, with the {@code type} example of one of the service's own problems. */
    public static Schema<?> schema(String exampleSlug) {
        return new ObjectSchema()
                .description("RFC 9457 problem document; 'type' is " + ProblemType.TYPE_BASE + "<slug>")
                .addProperty("type", new StringSchema().format("uri").example(ProblemType.TYPE_BASE + exampleSlug))
                .addProperty("title", new StringSchema().description("The problem's stable slug"))
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema().description("What was wrong, for people"))
                .addProperty("instance", new StringSchema().format("uri-reference"))
                .addProperty("errors", new ArraySchema().description("For invalid-request: each refused value")
                        .items(new ObjectSchema()
                                .addProperty("field", new StringSchema().description("The request field, header "
                                        + "or parameter"))
                                .addProperty("rule", new StringSchema().description("The rule it breaks, where a "
                                        + "client may act on it"))
                                .addProperty("detail", new StringSchema())))
                .addProperty("requiredRoles", new ArraySchema().items(new StringSchema())
                        .description("For forbidden: the roles that may take this action"));
    }

    /** Adds a problem answer to an operation's responses, its body this schema. */
    public static void respond(ApiResponses responses, String status, String description) {
        responses.addApiResponse(status, new ApiResponse().description(description)
                .content(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + NAME)))));
    }

    /**
     * Makes every 4xx an operation declares (say, with {@code @ApiResponse} on the controller) a problem answer:
     * whatever the method produces, a refusal is a problem document.
     */
    public static void declaredRefusalsAreProblems(ApiResponses responses) {
        responses.forEach((status, response) -> {
            if (status.startsWith("4")) {
                respond(responses, status, response.getDescription());
            }
        });
    }
}
