package org.releasegovernance.notifier.subscription;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.releasegovernance.events.EventTypes;
import org.releasegovernance.events.EventValues;
import org.releasegovernance.notifier.outbound.OutboundGuard;
import org.releasegovernance.notifier.outbound.RefusedDestination;
import org.releasegovernance.problems.ProblemType;
import org.releasegovernance.problems.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.security.Principal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** Subscribers' administrators create, read, change, pause, resume and delete subscriptions. */
@RestController
@RequestMapping("/api/subscriptions")
@PreAuthorize("hasRole('SUBSCRIBER_ADMIN')")
class SubscriptionController {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionController.class);
    private static final int SECRET_BYTES = 32;
    /** At most this many event types or release ids in one subscription's filter. */
    static final int MAX_ITEMS = 1000;
    private static final List<String> MASTODON_EVENT_TYPES = List.of("StageReleased");
    private static final ProblemType SECRET_ROTATION_WEBHOOK_ONLY =
            ProblemType.of(HttpStatus.CONFLICT, "secret-rotation-webhook-only");

    private final Subscriptions subscriptions;
    private final OutboundGuard guard;
    private final SecretsProperties secrets;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    SubscriptionController(Subscriptions subscriptions, OutboundGuard guard, SecretsProperties secrets, Clock clock) {
        this.subscriptions = subscriptions;
        this.guard = guard;
        this.secrets = secrets;
        this.clock = clock;
    }

    /**
     * {@code POST /api/subscriptions}.
     *
     * @param url         the webhook URL, or the Mastodon instance's base URL ({@code https://mastodon.social})
     * @param eventTypes  event types to hear of; a Mastodon subscription posts public releases only and may omit it
     * @param releaseIds  releases of interest; empty or absent for all
     * @param accessToken the Mastodon access token (scope {@code write:statuses}); stored encrypted, never returned
     */
    record SubscriptionRequest(@NotNull Channel channel, @NotNull @Size(max = 2000) String url,
                               @Size(max = MAX_ITEMS) List<@NotNull String> eventTypes,
                               @Size(max = MAX_ITEMS) List<@NotNull @Pattern(regexp = EventValues.ID_PATTERN,
                                       message = EventValues.ID_RULE) String> releaseIds,
                               @Size(max = 500) String accessToken) {
    }

    /** {@code PATCH /api/subscriptions/{id}}: the fields to change, the others absent. */
    record SubscriptionChange(SubscriptionStatus status, @Size(max = 2000) String url,
                              @Size(max = MAX_ITEMS) List<@NotNull String> eventTypes,
                              @Size(max = MAX_ITEMS) List<@NotNull @Pattern(regexp = EventValues.ID_PATTERN,
                                      message = EventValues.ID_RULE) String> releaseIds,
                              @Size(max = 500) String accessToken) {
    }

    /** The answer to a creation: the only time a webhook secret is shown. */
    record CreatedSubscription(UUID id, Channel channel, String url, List<String> eventTypes,
                               List<String> releaseIds, SubscriptionStatus status, String secret) {
    }

    /** The answer to a rotation: the new secret, shown once, and until when the old one still signs. */
    record RotatedSecret(UUID id, String secret, Instant previousSecretValidUntil) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "createSubscription", summary = "Subscribe a webhook or a Mastodon account; a webhook's "
            + "signing secret is shown only in this answer")
    ResponseEntity<CreatedSubscription> create(@Valid @RequestBody SubscriptionRequest request, Principal admin) {
        checkUrl(request.url());
        List<String> eventTypes = request.eventTypes();
        if (request.channel() == Channel.MASTODON) {
            requireText(request.accessToken(), "accessToken", "is required for a MASTODON subscription");
            if (eventTypes == null || eventTypes.isEmpty()) {
                eventTypes = MASTODON_EVENT_TYPES;
            }
        } else if (request.accessToken() != null) {
            throw Refusal.invalid("accessToken", "Field 'accessToken' applies to MASTODON subscriptions only.");
        }
        checkEventTypes(eventTypes);
        List<String> releaseIds = releaseIds(request.releaseIds());
        Subscription subscription = new Subscription(UUID.randomUUID(), request.channel(), request.url(),
                List.copyOf(eventTypes), releaseIds, SubscriptionStatus.ACTIVE, null, null, null, admin.getName(),
                clock.instant());
        String secret = request.channel() == Channel.WEBHOOK ? newSecret() : null;
        subscriptions.add(subscription, secret, request.accessToken());
        log.info("subscription {} ({}) created by {} for {} of releases {} to {}", subscription.id(),
                subscription.channel(), admin.getName(), subscription.eventTypes(),
                releaseIds.isEmpty() ? "all" : releaseIds, hostOf(subscription.url()));
        // a path, not an absolute URL: the Host header is the client's to choose and must not end up here
        return ResponseEntity.created(URI.create("/api/subscriptions/" + subscription.id())).body(new CreatedSubscription(subscription.id(),
                subscription.channel(), subscription.url(), subscription.eventTypes(), subscription.releaseIds(),
                subscription.status(), secret));
    }

    @GetMapping
    @Operation(operationId = "listSubscriptions", summary = "Every subscription")
    List<Subscription> list() {
        return subscriptions.all();
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getSubscription", summary = "One subscription")
    Subscription get(@PathVariable UUID id) {
        return existing(id);
    }

    @PatchMapping("/{id}")
    @Operation(operationId = "changeSubscription", summary = "Change the fields given; pause or resume with status")
    Subscription change(@PathVariable UUID id, @Valid @RequestBody SubscriptionChange change,
                        @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                        Principal admin) {
        refuseIfMatch(ifMatch);
        Subscription current = existing(id);
        if (change.status() == SubscriptionStatus.DISABLED) {
            throw Refusal.invalid("status", "Field 'status' may be set to ACTIVE or PAUSED; only the notifier "
                    + "disables a subscription.");
        }
        String url = change.url() != null ? change.url() : current.url();
        if (change.url() != null) {
            checkUrl(url);
        }
        List<String> eventTypes = change.eventTypes() != null ? List.copyOf(change.eventTypes())
                : current.eventTypes();
        if (eventTypes.isEmpty()) {
            throw Refusal.invalid("eventTypes", "Field 'eventTypes' must name at least one event type.");
        }
        checkEventTypes(eventTypes);
        List<String> releaseIds = change.releaseIds() != null ? releaseIds(change.releaseIds())
                : current.releaseIds();
        if (change.accessToken() != null) {
            if (current.channel() != Channel.MASTODON) {
                throw Refusal.invalid("accessToken", "Field 'accessToken' applies to MASTODON subscriptions only.");
            }
            requireText(change.accessToken(), "accessToken", "must not be blank");
        }
        SubscriptionStatus status = change.status() != null ? change.status() : current.status();
        subscriptions.update(id, url, eventTypes, releaseIds, status);
        if (change.accessToken() != null) {
            subscriptions.replaceAccessToken(id, change.accessToken());
        }
        log.info("subscription {} changed by {}: status {} -> {}, event types {}, releases {}, host {}{}{}", id,
                admin.getName(), current.status(), status, eventTypes, releaseIds.isEmpty() ? "all" : releaseIds,
                hostOf(url), change.url() != null ? " (new URL)" : "",
                change.accessToken() != null ? ", new access token" : "");
        return existing(id);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deleteSubscription", summary = "Delete a subscription with its delivery log")
    ResponseEntity<Void> delete(@PathVariable UUID id,
                                @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                Principal admin) {
        refuseIfMatch(ifMatch);
        if (!subscriptions.delete(id)) {
            throw notFound(id);
        }
        log.info("subscription {} deleted by {} with its delivery log", id, admin.getName());
        return ResponseEntity.noContent().build();
    }

    /** {@code POST /api/subscriptions/{id}/secret}: a new signing secret; the old one signs too for a grace period. */
    @PostMapping("/{id}/secret")
    @Operation(operationId = "rotateSubscriptionSecret", summary = "A new webhook signing secret; the old one "
            + "signs too for a grace period")
    @ApiResponse(responseCode = "200", description = "The new secret, shown once", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "409", description = "secret-rotation-webhook-only: a MASTODON subscription")
    RotatedSecret rotateSecret(@PathVariable UUID id,
                               @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                               Principal admin) {
        refuseIfMatch(ifMatch);
        Subscription current = existing(id);
        if (current.channel() != Channel.WEBHOOK) {
            throw new Refusal(SECRET_ROTATION_WEBHOOK_ONLY, "Only WEBHOOK subscriptions have a signing "
                    + "secret; change a MASTODON access token with PATCH.");
        }
        String secret = newSecret();
        Instant graceUntil = clock.instant().plus(secrets.rotationGrace());
        subscriptions.rotateSecret(id, secret, graceUntil);
        log.info("subscription {} secret rotated by {}; the previous secret signs too until {}", id,
                admin.getName(), graceUntil);
        return new RotatedSecret(id, secret, graceUntil);
    }

    /**
     * Subscriptions carry no version, so a conditional write cannot be honoured; silently ignoring the condition
     * would let a client believe it had been checked.
     */
    private static void refuseIfMatch(String ifMatch) {
        if (ifMatch != null) {
            throw Refusal.invalid(HttpHeaders.IF_MATCH, "if-match-unsupported", "Header 'If-Match' is not "
                    + "supported on subscriptions, which carry no version; send the request without it.");
        }
    }

    private Subscription existing(UUID id) {
        return subscriptions.find(id).orElseThrow(() -> notFound(id));
    }

    private static Refusal notFound(UUID id) {
        return Refusal.notFound("subscription-not-found", "No subscription " + id + ".");
    }

    /** Webhook URLs often carry a secret in their path or query: only the host is logged. */
    private static String hostOf(String url) {
        return URI.create(url).getHost();
    }

    private String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return "whsec_" + Base64.getEncoder().encodeToString(bytes);
    }

    private void checkUrl(String url) {
        try {
            guard.check(url);
        } catch (RefusedDestination refused) {
            throw Refusal.invalid("url", refused.rule().slug(), "Field 'url' is refused: " + refused.getMessage()
                    + ".");
        }
    }

    private static void checkEventTypes(List<String> eventTypes) {
        if (eventTypes == null || eventTypes.isEmpty()) {
            throw Refusal.invalid("eventTypes", "Field 'eventTypes' must name at least one event type.");
        }
        for (String type : eventTypes) {
            if (type == null || EventTypes.forName(type).isEmpty()) {
                throw Refusal.invalid("eventTypes", "Field 'eventTypes' names an unknown event type '" + type
                        + "'; known: " + EventTypes.all().stream().map(Class::getSimpleName).toList() + ".");
            }
        }
    }

    private static List<String> releaseIds(List<String> releaseIds) {
        if (releaseIds == null) {
            return List.of();
        }
        if (releaseIds.stream().anyMatch(id -> id == null || id.isBlank())) {
            throw Refusal.invalid("releaseIds", "Field 'releaseIds' must not contain blank release ids.");
        }
        return List.copyOf(releaseIds);
    }

    private static void requireText(String value, String field, String rule) {
        if (value == null || value.isBlank()) {
            throw Refusal.invalid(field, "Field '" + field + "' " + rule + ".");
        }
    }
}
