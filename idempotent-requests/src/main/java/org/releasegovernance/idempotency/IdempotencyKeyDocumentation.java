package org.releasegovernance.idempotency;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

import java.util.Map;

/** The one OpenAPI description of {@code Idempotency-Key} and {@code Idempotent-Replayed}, for every service. */
public final class IdempotencyKeyDocumentation {

    /** The refusals of a key itself, by status, for services whose documents do not list them already. */
    public static final Map<String, String> REFUSALS = Map.of(
            "400", "An Idempotency-Key that is blank or longer than " + IdempotencyKeys.MAX_KEY_LENGTH
                    + " characters",
            "409", "idempotency-key-in-progress: a request with this Idempotency-Key is still running (Retry-After)",
            "422", "idempotency-key-reused: this Idempotency-Key was used for a different request");

    private IdempotencyKeyDocumentation() {
    }

    /**
     * Adds the {@link #REFUSALS} to a write's responses: a status it answers already for other reasons gets the
     * key's reason appended to its description.
     */
    public static void documentRefusals(ApiResponses responses) {
        REFUSALS.forEach((status, reason) -> {
            ApiResponse response = responses.get(status);
            if (response == null) {
                responses.addApiResponse(status, new ApiResponse().description(reason));
            } else {
                response.setDescription(response.getDescription() + "; or " + reason);
            }
        });
    }

    /** Declares the {@code Idempotent-Replayed} header that {@link #documentWrite} refers to. */
    public static Components withReplayedHeader(Components components) {
        return components.addHeaders(IdempotencyKeys.REPLAYED, new Header().description("'true' when this is the "
                + "stored answer to an earlier request with the same Idempotency-Key").schema(new StringSchema()));
    }

    /** A write takes the key; its successes may be replays. Call after the operation's responses are known. */
    public static void documentWrite(Operation operation) {
        operation.addParametersItem(new HeaderParameter().name(IdempotencyKeys.HEADER).required(false)
                .description("1-255 characters chosen by the client, unique per request. A repeat of the same "
                        + "request with the same key returns the first answer and stores nothing new; the key with "
                        + "a different request is refused (422 idempotency-key-reused); while the first request "
                        + "runs, a repeat gets 409 idempotency-key-in-progress. Only successes and refusals by the "
                        + "service's rules (409, 412, 422) are kept; after any other answer the key is still free.")
                .schema(new StringSchema().minLength(1).maxLength(IdempotencyKeys.MAX_KEY_LENGTH)));
        if (operation.getResponses() != null) {
            operation.getResponses().forEach((status, response) -> {
                if (status.startsWith("2")) {
                    response.addHeaderObject(IdempotencyKeys.REPLAYED,
                            new Header().$ref("#/components/headers/" + IdempotencyKeys.REPLAYED));
                }
            });
        }
    }
}
