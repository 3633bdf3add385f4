package org.releasegovernance.notifier.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.releasegovernance.events.Access;
import org.releasegovernance.events.EventEnvelope;
import org.releasegovernance.events.GovernanceJson;
import org.releasegovernance.events.ReviewPublished;
import org.releasegovernance.events.StageReleased;
import org.releasegovernance.notifier.email.EmailNotification;
import org.releasegovernance.notifier.subscription.Channel;
import org.releasegovernance.notifier.subscription.Subscription;
import org.releasegovernance.notifier.subscription.Subscriptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Turns consumed events into one pending delivery per matching subscription, a batch in one transaction. A delivery
 * is unique per (event, subscription), so an event consumed twice is delivered once. Mastodon subscriptions hear of
 * public releases and published reviews only. An e-mail's text is written here, once per event, like a status; its
 * recipient is the subscription's address when it is sent.
 */
@Component
public class DeliveryRecorder {

    private static final Logger log = LoggerFactory.getLogger(DeliveryRecorder.class);

    private final Subscriptions subscriptions;
    private final Deliveries deliveries;
    private final MastodonProperties mastodon;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    DeliveryRecorder(Subscriptions subscriptions, Deliveries deliveries, MastodonProperties mastodon,
                     ApplicationEventPublisher events, Clock clock) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.mastodon = mastodon;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Queues the deliveries a batch of events calls for, in one transaction: the subscriptions are read once, the
     * deliveries inserted in one round trip, and the sender woken once the transaction commits.
     */
    @Transactional
    public void recordAll(List<EventEnvelope> envelopes) {
        List<Subscription> all = subscriptions.all();
        List<Subscription> concerned = new ArrayList<>();
        List<EventEnvelope> about = new ArrayList<>();
        List<Deliveries.NewDelivery> toAdd = new ArrayList<>();
        for (EventEnvelope envelope : envelopes) {
            String releaseId = envelope.event().releaseId();
            String webhookBody = null;
            String emailBody = null;
            for (Subscription subscription : all) {
                if (!subscription.matches(envelope.typeName(), releaseId)) {
                    continue;
                }
                String body;
                if (subscription.channel() == Channel.MASTODON) {
                    body = mastodonStatus(envelope);
                    if (body == null) {
                        continue;
                    }
                } else if (subscription.channel() == Channel.EMAIL) {
                    emailBody = emailBody != null ? emailBody
                            : EmailNotification.of(envelope, mastodon.link()).toJson();
                    body = emailBody;
                } else {
                    webhookBody = webhookBody != null ? webhookBody : body(envelope);
                    body = webhookBody;
                }
                concerned.add(subscription);
                about.add(envelope);
                toAdd.add(new Deliveries.NewDelivery(envelope.eventId(), subscription.id(), envelope.typeName(),
                        releaseId, envelope.position(), webhookId(envelope.eventId(), subscription.id()), body));
            }
        }
        if (toAdd.isEmpty()) {
            return;
        }
        boolean[] added = deliveries.add(toAdd, clock.instant());
        events.publishEvent(new DeliveriesQueued());
        for (int i = 0; i < added.length; i++) {
            EventEnvelope envelope = about.get(i);
            log.info("{} delivery of release {} event {} type {} to subscription {} ({}), correlation {}",
                    added[i] ? "queued" : "already queued", envelope.event().releaseId(), envelope.eventId(),
                    envelope.typeName(), concerned.get(i).id(), concerned.get(i).channel(),
                    envelope.correlationId());
        }
    }

    /** The status a Mastodon account posts for this event, or null when it posts none. */
    private String mastodonStatus(EventEnvelope envelope) {
        if (envelope.event() instanceof StageReleased released && released.access() == Access.PUBLIC) {
            return MastodonStatus.requestBody(released, mastodon);
        }
        if (envelope.event() instanceof ReviewPublished published) {
            return MastodonStatus.requestBody(published, mastodon);
        }
        return null;
    }

    /** The same id for every attempt of one (event, subscription), so receivers can de-duplicate. */
    static String webhookId(UUID eventId, UUID subscriptionId) {
        return "msg_" + UUID.nameUUIDFromBytes((eventId + "/" + subscriptionId).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code {"type", "timestamp", "data": {event fields..., eventId, releaseId, sequence, position, occurredAt}}}.
     * Deliveries of one subscription may arrive out of event order (later events do not wait behind a retried one):
     * {@code sequence} orders one release's events and {@code position} all events, for receivers that must order.
     */
    static String body(EventEnvelope envelope) {
        ObjectNode data = GovernanceJson.mapper().valueToTree(envelope.event());
        data.put("eventId", envelope.eventId().toString());
        data.put("releaseId", envelope.event().releaseId());
        data.put("sequence", envelope.sequence());
        data.put("position", envelope.position());
        data.put("occurredAt", envelope.occurredAt().toString());
        ObjectNode body = GovernanceJson.mapper().createObjectNode();
        body.put("type", envelope.typeName());
        body.put("timestamp", envelope.occurredAt().toString());
        body.set("data", data);
        try {
            return GovernanceJson.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("webhook body cannot be written", e);
        }
    }
}
