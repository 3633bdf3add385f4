package org.releasegovernance.notifier.subscription;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.releasegovernance.events.EventTypes;
import org.releasegovernance.events.EventValues;
import org.releasegovernance.notifier.email.EmailAddresses;
import org.releasegovernance.notifier.email.EmailSender;
import org.releasegovernance.notifier.email.RefusedAddress;
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
import java.util.regex.Matcher;

/** Subscribers' administrators create, read, change, pause, resume and delete subscriptions. */
@RestController
@RequestMapping("/api/subscriptions")
@PreAuthorize("hasRole('SUBSCRIBER_ADMIN')")
class SubscriptionController {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionController.class);
    private static final int SECRET_BYTES = 32;
    /** At most this many event types or release ids in one subscription's filter. */
    static final int MAX_ITEMS = 1000;
    private static final List<String> MASTODON_EVENT_TYPES = List.of("StageReleased", "ReviewPublished");
    private static final ProblemType EMAIL_NOT_CONFIGURED =
            ProblemType.of(HttpStatus.UNPROCESSABLE_ENTITY, "email-not-configured");
    private static final ProblemType SECRET_ROTATION_WEBHOOK_ONLY =
            ProblemType.of(HttpStatus.CONFLICT, "secret-rotation-webhook-only");
    /** The governance API's name for the same refusal, so one client handles both. */
    private static final ProblemType VERSION_MISMATCH =
            ProblemType.of(HttpStatus.PRECONDITION_FAILED, "version-mismatch");
    /** Where the OpenAPI document describes the {@code ETag} these answers carry. */
    private static final String ETAG_HEADER = "#/components/headers/ETag";
    /**
     * A strong entity tag this API issues: a quoted version without leading zeros, 18 digits at most so it always
     * fits a long. Weak tags ({@code W/"7"}) are refused: If-Match compares strongly.
     */
    private static final java.util.regex.Pattern ENTITY_TAG = java.util.regex.Pattern.compile("\"(0|[1-9]\\d{0,17})\"");

    private final Subscriptions subscriptions;
    private final OutboundGuard guard;
    private final EmailAddresses addresses;
    private final EmailSender email;
    private final SecretsProperties secrets;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    SubscriptionController(Subscriptions subscriptions, OutboundGuard guard, EmailAddresses addresses,
                           EmailSender email, SecretsProperties secrets, Clock clock) {
        this.subscriptions = subscriptions;
        this.guard = guard;
        this.addresses = addresses;
        this.email = email;
        this.secrets = secrets;
        this.clock = clock;
    }

    /**
     * {@code POST /api/subscriptions}.
     *
     * @param url         the webhook URL, or the Mastodon instance's base URL ({@code https://mastodon.social});
     *                    required for WEBHOOK and MASTODON, absent for EMAIL
     * @param address     the one recipient of an EMAIL subscription; required for EMAIL, absent for the others
     * @param eventTypes  event types to hear of; a Mastodon subscription posts public releases and published reviews
     *                    only, and may omit it
     * @param releaseIds  releases of interest; empty or absent for all
     * @param accessToken the Mastodon access token (scope {@code write:statuses}); stored encrypted, never returned
     */
    record SubscriptionRequest(@NotNull Channel channel,
                               @Schema(description = "WEBHOOK: the URL posted to; MASTODON: the instance's base URL. "
                                       + "Absent for EMAIL.", example = "https://hooks.example.org/releases")
                               @Size(max = 2000) String url,
                               @Schema(description = "EMAIL only, and required there: one bare address (no name, no "
                                       + "list), at most 254 characters, local part at most 64, domain a DNS host "
                                       + "name (Unicode allowed, no IP literal), within notifier.email."
                                       + "allowed-domains if set. Stored as given.",
                                       example = "watchers@example.org") String address,
                               @Size(max = MAX_ITEMS) List<@NotNull String> eventTypes,
                               @Size(max = MAX_ITEMS) List<@NotNull @Pattern(regexp = EventValues.ID_PATTERN,
                                       message = EventValues.ID_RULE) String> releaseIds,
                               @Size(max = 500) String accessToken) {
    }

    /** {@code PATCH /api/subscriptions/{id}}: the fields to change, the others absent. */
    record SubscriptionChange(SubscriptionStatus status, @Size(max = 2000) String url,
                              @Schema(description = "A new recipient, for an EMAIL subscription only",
                                      example = "release-watchers@example.org") String address,
                              @Size(max = MAX_ITEMS) List<@NotNull String> eventTypes,
                              @Size(max = MAX_ITEMS) List<@NotNull @Pattern(regexp = EventValues.ID_PATTERN,
                                      message = EventValues.ID_RULE) String> releaseIds,
                              @Size(max = 500) String accessToken) {
    }

    /** The answer to a creation: the only time a webhook secret is shown. */
    record CreatedSubscription(UUID id, Channel channel, String url, String address, List<String> eventTypes,
                               List<String> releaseIds, SubscriptionStatus status, String secret, long version) {
    }

    /** The answer to a rotation: the new secret, shown once, and until when the old one still signs. */
    record RotatedSecret(UUID id, String secret, Instant previousSecretValidUntil) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "createSubscription", summary = "Subscribe a webhook, a Mastodon account or an e-mail "
            + "address; a webhook's signing secret is shown only in this answer")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = "application/json", examples = {
            @ExampleObject(name = "webhook", summary = "A webhook for one release's decisions", value = """
                    {"channel":"WEBHOOK","url":"https://hooks.example.org/releases",
                     "eventTypes":["StageReleased","StageHalted"],"releaseIds":["gpt-2"]}"""),
            @ExampleObject(name = "email", summary = "E-mail to one address (needs spring.mail.host)", value = """
                    {"channel":"EMAIL","address":"watchers@example.org",
                     "eventTypes":["ReviewOverdue","StageReleased"],"releaseIds":["gpt-2"]}"""),
            @ExampleObject(name = "mastodon", summary = "Public releases and published reviews on Mastodon",
                    value = """
                            {"channel":"MASTODON","url":"https://mastodon.social","accessToken":"..."}""")}))
    @ApiResponse(responseCode = "201", description = "Created; Location names it", useReturnTypeSchema = true,
            headers = @Header(name = HttpHeaders.ETAG, ref = ETAG_HEADER))
    @ApiResponse(responseCode = "422", description = "email-not-configured: an EMAIL subscription, but this "
            + "notifier has no SMTP server (spring.mail.host); nothing was stored")
    ResponseEntity<CreatedSubscription> create(@Valid @RequestBody SubscriptionRequest request, Principal admin) {
        checkDestination(request.channel(), request.url(), request.address());
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
                request.address(), List.copyOf(eventTypes), releaseIds, SubscriptionStatus.ACTIVE, null, null, null,
                admin.getName(), clock.instant(), Subscription.FIRST_VERSION);
        String secret = request.channel() == Channel.WEBHOOK ? newSecret() : null;
        subscriptions.add(subscription, secret, request.accessToken());
        log.info("subscription {} ({}) created by {} for {} of releases {} to {}", subscription.id(),
                subscription.channel(), admin.getName(), subscription.eventTypes(),
                releaseIds.isEmpty() ? "all" : releaseIds, destinationOf(subscription.url(), subscription.address()));
        // a path, not an absolute URL: the Host header is the client's to choose and must not end up here
        return ResponseEntity.created(URI.create("/api/subscriptions/" + subscription.id()))
                .eTag(entityTag(subscription.version()))
                .body(new CreatedSubscription(subscription.id(), subscription.channel(), subscription.url(),
                        subscription.address(), subscription.eventTypes(), subscription.releaseIds(),
                        subscription.status(), secret, subscription.version()));
    }

    @GetMapping
    @Operation(operationId = "listSubscriptions", summary = "Every subscription")
    List<Subscription> list() {
        return subscriptions.all();
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getSubscription", summary = "One subscription")
    @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true,
            headers = @Header(name = HttpHeaders.ETAG, ref = ETAG_HEADER))
    ResponseEntity<Subscription> get(@PathVariable UUID id) {
        Subscription subscription = existing(id);
        return ResponseEntity.ok().eTag(entityTag(subscription.version())).body(subscription);
    }

    @PatchMapping("/{id}")
    @Operation(operationId = "changeSubscription", summary = "Change the fields given; pause or resume with status")
    @ApiResponse(responseCode = "200", description = "The subscription as changed", useReturnTypeSchema = true,
            headers = @Header(name = HttpHeaders.ETAG, ref = ETAG_HEADER))
    ResponseEntity<Subscription> change(@PathVariable UUID id, @Valid @RequestBody SubscriptionChange change,
                                        @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                        Principal admin) {
        Long expected = expectedVersion(ifMatch);
        Channel channel = existing(id).channel();
        if (change.status() == SubscriptionStatus.DISABLED) {
            throw Refusal.invalid("status", "Field 'status' may be set to ACTIVE or PAUSED; only the notifier "
                    + "disables a subscription.");
        }
        if (change.url() != null) {
            if (channel == Channel.EMAIL) {
                throw Refusal.invalid("url", "Field 'url' applies to WEBHOOK and MASTODON subscriptions; an EMAIL "
                        + "subscription names an 'address'.");
            }
            checkUrl(change.url());
        }
        if (change.address() != null) {
            if (channel != Channel.EMAIL) {
                throw Refusal.invalid("address", "Field 'address' applies to EMAIL subscriptions only.");
            }
            checkAddress(change.address());
        }
        List<String> eventTypes = change.eventTypes() == null ? null : List.copyOf(change.eventTypes());
        if (eventTypes != null) {
            checkEventTypes(eventTypes);
        }
        List<String> releaseIds = change.releaseIds() == null ? null : releaseIds(change.releaseIds());
        if (change.accessToken() != null) {
            // the channel never changes, so checking it against the earlier read is safe
            if (channel != Channel.MASTODON) {
                throw Refusal.invalid("accessToken", "Field 'accessToken' applies to MASTODON subscriptions only.");
            }
            requireText(change.accessToken(), "accessToken", "must not be blank");
        }
        Subscription changed = subscriptions.change(id, expected, change.url(), change.address(), eventTypes,
                releaseIds, change.status(), change.accessToken()).orElseThrow(() -> notWritten(id, expected));
        log.info("subscription {} changed by {} to version {}: status {}, event types {}, releases {}, host {}{}{}{}",
                id, admin.getName(), changed.version(), changed.status(), changed.eventTypes(),
                changed.releaseIds().isEmpty() ? "all" : changed.releaseIds(),
                destinationOf(changed.url(), changed.address()), change.url() != null ? " (new URL)" : "",
                change.address() != null ? " (new address)" : "",
                change.accessToken() != null ? ", new access token" : "");
        return ResponseEntity.ok().eTag(entityTag(changed.version())).body(changed);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deleteSubscription", summary = "Delete a subscription with its delivery log")
    ResponseEntity<Void> delete(@PathVariable UUID id,
                                @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                Principal admin) {
        Long expected = expectedVersion(ifMatch);
        if (!subscriptions.delete(id, expected)) {
            throw notWritten(id, expected);
        }
        log.info("subscription {} deleted by {} with its delivery log", id, admin.getName());
        return ResponseEntity.noContent().build();
    }

    /** {@code POST /api/subscriptions/{id}/secret}: a new signing secret; the old one signs too for a grace period. */
    @PostMapping("/{id}/secret")
    @Operation(operationId = "rotateSubscriptionSecret", summary = "A new webhook signing secret; the old one "
            + "signs too for a grace period")
    @ApiResponse(responseCode = "200", description = "The new secret, shown once", useReturnTypeSchema = true,
            headers = @Header(name = HttpHeaders.ETAG, ref = ETAG_HEADER))
    @ApiResponse(responseCode = "409", description = "secret-rotation-webhook-only: a MASTODON or EMAIL "
            + "subscription")
    ResponseEntity<RotatedSecret> rotateSecret(@PathVariable UUID id,
                                               @RequestHeader(value = HttpHeaders.IF_MATCH, required = false)
                                               String ifMatch,
                                               Principal admin) {
        Long expected = expectedVersion(ifMatch);
        // the channel never changes, so checking it before the conditional write is safe
        if (existing(id).channel() != Channel.WEBHOOK) {
            throw new Refusal(SECRET_ROTATION_WEBHOOK_ONLY, "Only WEBHOOK subscriptions have a signing "
                    + "secret; change a MASTODON access token or an EMAIL address with PATCH.");
        }
        String secret = newSecret();
        Instant graceUntil = clock.instant().plus(secrets.rotationGrace());
        long version = subscriptions.rotateSecret(id, expected, secret, graceUntil)
                .orElseThrow(() -> notWritten(id, expected));
        log.info("subscription {} secret rotated by {} (version {}); the previous secret signs too until {}", id,
                admin.getName(), version, graceUntil);
        return ResponseEntity.ok().eTag(entityTag(version)).body(new RotatedSecret(id, secret, graceUntil));
    }

    /**
     * The version an {@code If-Match} header names; {@code null} without one or for {@code *}, which any current
     * subscription matches. A value that names no version this API issued cannot match one: 412, as in the
     * governance API, rather than a write the client did not make conditional on what it read.
     */
    private static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.trim().equals("*")) {
            return null;
        }
        Matcher matcher = ENTITY_TAG.matcher(ifMatch.trim());
        if (!matcher.matches()) {
            throw new Refusal(VERSION_MISMATCH, "If-Match must be * or one ETag this API issued, such as \"7\".");
        }
        return Long.parseLong(matcher.group(1));
    }

    /**
     * Why a conditional write changed nothing: the subscription is gone, or (with If-Match) it is no longer at the
     * version named. Read after the write only to say which; the write itself was the check.
     */
    private Refusal notWritten(UUID id, Long expected) {
        return subscriptions.find(id).filter(current -> expected != null)
                .map(current -> new Refusal(VERSION_MISMATCH, "Subscription " + id + " is at version "
                        + current.version() + ", not " + expected + " (If-Match); read it again and decide again."))
                .orElseGet(() -> notFound(id));
    }

    private static String entityTag(long version) {
        return "\"" + version + "\"";
    }

    private Subscription existing(UUID id) {
        return subscriptions.find(id).orElseThrow(() -> notFound(id));
    }

    private static Refusal notFound(UUID id) {
        return Refusal.notFound("subscription-not-found", "No subscription " + id + ".");
    }

    /**
     * Webhook URLs often carry a secret in their path or query, and an e-mail address names a person: only the host
     * or the mail domain is logged.
     */
    private static String destinationOf(String url, String address) {
        return url != null ? URI.create(url).getHost() : address.substring(address.lastIndexOf('@') + 1);
    }

    /**
     * An EMAIL subscription names an address and no URL, the others a URL and no address; an EMAIL subscription
     * needs an SMTP server to send through.
     */
    private void checkDestination(Channel channel, String url, String address) {
        if (channel == Channel.EMAIL) {
            if (url != null) {
                throw Refusal.invalid("url", "Field 'url' applies to WEBHOOK and MASTODON subscriptions; an EMAIL "
                        + "subscription names an 'address'.");
            }
            checkAddress(address);
            if (!email.configured()) {
                throw new Refusal(EMAIL_NOT_CONFIGURED, "This notifier has no SMTP server to send e-mail through "
                        + "(spring.mail.host is not set), so it takes no EMAIL subscription; nothing was stored.");
            }
            return;
        }
        if (address != null) {
            throw Refusal.invalid("address", "Field 'address' applies to EMAIL subscriptions only.");
        }
        requireText(url, "url", "is required for a " + channel + " subscription");
        checkUrl(url);
    }

    private void checkAddress(String address) {
        try {
            addresses.check(address);
        } catch (RefusedAddress refused) {
            throw Refusal.invalid("address", refused.rule(), "Field 'address' is refused: " + refused.getMessage()
                    + ".");
        }
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
