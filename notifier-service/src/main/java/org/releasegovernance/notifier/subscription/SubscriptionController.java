package org.releasegovernance.notifier.subscription;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.releasegovernance.events.EventTypes;
import org.releasegovernance.notifier.web.InvalidField;
import org.releasegovernance.notifier.web.NotFound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.Principal;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** Subscribers' administrators create and read subscriptions. */
@RestController
@RequestMapping("/api/subscriptions")
@PreAuthorize("hasRole('SUBSCRIBER_ADMIN')")
class SubscriptionController {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionController.class);
    private static final int SECRET_BYTES = 32;

    private final Subscriptions subscriptions;
    private final SecureRandom random = new SecureRandom();

    SubscriptionController(Subscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    /** {@code POST /api/subscriptions}. */
    record SubscriptionRequest(@NotNull Channel channel, @NotNull @Size(max = 2000) String url,
                               @NotEmpty List<String> eventTypes, List<String> releaseIds) {
    }

    /** The answer to a creation: the only time the secret is shown. */
    record CreatedSubscription(UUID id, Channel channel, String url, List<String> eventTypes,
                               List<String> releaseIds, String secret) {
    }

    @PostMapping
    ResponseEntity<CreatedSubscription> create(@Valid @RequestBody SubscriptionRequest request, Principal admin) {
        checkUrl(request.url());
        for (String type : request.eventTypes()) {
            if (type == null || EventTypes.forName(type).isEmpty()) {
                throw new InvalidField("eventTypes", "Field 'eventTypes' names an unknown event type '" + type
                        + "'; known: " + EventTypes.all().stream().map(Class::getSimpleName).toList() + ".");
            }
        }
        List<String> releaseIds = request.releaseIds() == null ? List.of() : List.copyOf(request.releaseIds());
        Subscription subscription = new Subscription(UUID.randomUUID(), request.channel(), request.url(),
                List.copyOf(request.eventTypes()), releaseIds, admin.getName(), Instant.now());
        String secret = newSecret();
        subscriptions.add(subscription, secret);
        // only the host: subscribers put tokens in their webhook paths
        log.info("subscription {} created by {} for {} of releases {} to host {}", subscription.id(),
                admin.getName(), subscription.eventTypes(), releaseIds.isEmpty() ? "(all)" : releaseIds,
                URI.create(subscription.url()).getHost());
        URI location = ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{id}")
                .buildAndExpand(subscription.id()).toUri();
        return ResponseEntity.created(location).body(new CreatedSubscription(subscription.id(),
                subscription.channel(), subscription.url(), subscription.eventTypes(), subscription.releaseIds(),
                secret));
    }

    @GetMapping
    List<Subscription> list() {
        return subscriptions.all();
    }

    @GetMapping("/{id}")
    Subscription get(@PathVariable UUID id) {
        return subscriptions.find(id).orElseThrow(() -> new NotFound("subscription-not-found",
                "No subscription " + id + "."));
    }

    private String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return "whsec_" + Base64.getEncoder().encodeToString(bytes);
    }

    private static void checkUrl(String url) {
        try {
            URI uri = new URI(url);
            if (!uri.isAbsolute() || uri.getHost() == null
                    || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new InvalidField("url", "Field 'url' must be an absolute http or https URL.");
            }
        } catch (URISyntaxException e) {
            throw new InvalidField("url", "Field 'url' is not a valid URL: " + e.getReason() + ".");
        }
    }
}
