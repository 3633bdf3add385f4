package org.releasegovernance.notifier.feed;

import org.junit.jupiter.api.Test;
import org.releasegovernance.events.Access;
import org.releasegovernance.events.EventEnvelope;
import org.releasegovernance.events.Gpt2;
import org.releasegovernance.events.ReviewPublished;
import org.releasegovernance.events.StageReleased;
import org.releasegovernance.notifier.GovernanceTopic;
import org.releasegovernance.notifier.NotifierServiceTest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class AtomFeedTest extends NotifierServiceTest {

    private static final String ATOM = "http://www.w3.org/2005/Atom";

    @Test
    void anyoneReadsThePublicReleasesNewestFirstAndAnUnchangedFeedIsNotSentAgain() throws Exception {
        String releaseId = "gpt-2-" + UUID.randomUUID();
        List<EventEnvelope> events = GovernanceTopic.envelopes(List.of(
                new StageReleased(releaseId, "117M", "GPT-2", 117_000_000L, Access.PUBLIC, "first", Gpt2.CHAIR),
                new StageReleased(releaseId, "762M", "GPT-2", 762_000_000L, Access.PARTNERS, "partners", Gpt2.CHAIR)));
        EventEnvelope later = GovernanceTopic.envelopes(List.of(new StageReleased(releaseId, "345M", "GPT-2",
                345_000_000L, Access.PUBLIC, "second", Gpt2.CHAIR))).get(0);
        later = new EventEnvelope(later.eventId(), Instant.now().plusSeconds(1), 2, later.position(), "test",
                later.event());
        List<EventEnvelope> all = new ArrayList<>(events);
        all.add(later);
        GovernanceTopic.publish(all);
        GovernanceTopic.publish(all);
        String latestId = "urn:uuid:" + later.eventId();
        String firstId = "urn:uuid:" + events.get(0).eventId();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(entryIds(feed(null))).contains(latestId, firstId));

        MockHttpServletResponse response = feed(null);
        assertThat(response.getContentType()).startsWith("application/atom+xml");
        Document atom = parse(response);
        Element root = atom.getDocumentElement();
        assertThat(root.getNamespaceURI()).isEqualTo(ATOM);
        assertThat(root.getLocalName()).isEqualTo("feed");
        for (String required : List.of("id", "title", "updated", "author")) {
            assertThat(children(root, required)).as("feed/" + required).hasSize(1);
        }
        List<String> ids = entryIds(response);
        assertThat(ids).containsOnlyOnce(latestId, firstId);
        assertThat(ids.indexOf(latestId)).as("newest first").isLessThan(ids.indexOf(firstId));
        assertThat(ids).doesNotContain("urn:uuid:" + events.get(1).eventId());
        Element newest = (Element) root.getElementsByTagNameNS(ATOM, "entry").item(ids.indexOf(latestId));
        assertThat(text(newest, "title")).isEqualTo("GPT-2 345M released (PUBLIC)");
        assertThat(Instant.parse(text(newest, "updated"))).isEqualTo(later.occurredAt().truncatedTo(ChronoUnit.MICROS));
        assertThat(text(newest, "content")).contains(releaseId, "345,000,000 parameters", "second");

        String etag = response.getHeader("ETag");
        assertThat(etag).isNotBlank();
        assertThat(feed(etag).getStatus()).isEqualTo(304);
        assertThat(feed("\"another\"").getStatus()).isEqualTo(200);
    }

    @Test
    void eachPublishedReviewIsAnEntryWithItsSummaryAndLink() throws Exception {
        String releaseId = "gpt-2-" + UUID.randomUUID();
        EventEnvelope review = GovernanceTopic.envelopes(List.of(new ReviewPublished(releaseId, "345M", "review-1",
                "No misuse <found> & nothing to halt.", "https://reviews.example.org/gpt-2/345M", Gpt2.CHAIR)))
                .get(0);
        EventEnvelope scripted = GovernanceTopic.envelopes(List.of(new ReviewPublished(releaseId, "762M",
                "review-2", "Linked oddly.", "javascript:alert(1)", Gpt2.CHAIR))).get(0);
        GovernanceTopic.publish(List.of(review, scripted));
        String reviewId = "urn:uuid:" + review.eventId();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(entryIds(feed(null))).contains(reviewId, "urn:uuid:" + scripted.eventId()));

        MockHttpServletResponse response = feed(null);
        List<String> ids = entryIds(response);
        Element root = parse(response).getDocumentElement();
        Element entry = (Element) root.getElementsByTagNameNS(ATOM, "entry").item(ids.indexOf(reviewId));
        assertThat(text(entry, "title")).isEqualTo("Review of " + releaseId + " 345M published");
        assertThat(text(entry, "summary")).isEqualTo("No misuse <found> & nothing to halt.");
        assertThat(children(entry, "link")).singleElement().satisfies(link -> {
            assertThat(link.getAttribute("rel")).isEqualTo("alternate");
            assertThat(link.getAttribute("href")).isEqualTo("https://reviews.example.org/gpt-2/345M");
        });
        assertThat(children(entry, "category").get(0).getAttribute("term")).isEqualTo("review");
        Element odd = (Element) root.getElementsByTagNameNS(ATOM, "entry")
                .item(ids.indexOf("urn:uuid:" + scripted.eventId()));
        assertThat(children(odd, "link")).as("only http(s) links").isEmpty();
    }

    private MockHttpServletResponse feed(String ifNoneMatch) throws Exception {
        var request = get("/feed.atom");
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return mvc.perform(request).andReturn().getResponse();
    }

    private static List<String> entryIds(MockHttpServletResponse response) throws Exception {
        assertThat(response.getStatus()).isEqualTo(200);
        NodeList entries = parse(response).getDocumentElement().getElementsByTagNameNS(ATOM, "entry");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < entries.getLength(); i++) {
            Element entry = (Element) entries.item(i);
            for (String required : List.of("id", "title", "updated", "content")) {
                assertThat(children(entry, required)).as("entry/" + required).hasSize(1);
            }
            ids.add(text(entry, "id"));
        }
        return ids;
    }

    private static Document parse(MockHttpServletResponse response) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(response.getContentAsByteArray()));
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < parent.getChildNodes().getLength(); i++) {
            if (parent.getChildNodes().item(i) instanceof Element child && ATOM.equals(child.getNamespaceURI())
                    && name.equals(child.getLocalName())) {
                found.add(child);
            }
        }
        return found;
    }

    private static String text(Element parent, String name) {
        return children(parent, name).get(0).getTextContent();
    }
}
