package org.releasegovernance.notifier.feed;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.releasegovernance.notifier.outbound.WebLinks;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.NumberFormat;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET /feed.atom}: public releases and published reviews as an Atom feed (RFC 4287), newest first, public. Entry
 * ids are the events' ids ({@code urn:uuid:...}), so they never change; the feed's {@code updated} is its newest
 * entry's, so an unchanged feed is byte-for-byte the same and its ETag answers {@code If-None-Match} with 304.
 */
@RestController
class AtomFeedController {

    static final MediaType ATOM = MediaType.parseMediaType("application/atom+xml;charset=UTF-8");
    private static final String NS = "http://www.w3.org/2005/Atom";

    private final FeedEntries entries;
    private final FeedProperties properties;

    AtomFeedController(FeedEntries entries, FeedProperties properties) {
        this.entries = entries;
        this.properties = properties;
    }

    @GetMapping("/feed.atom")
    @Operation(operationId = "atomFeed", summary = "Public releases and published reviews as an Atom feed, newest "
            + "first")
    @ApiResponse(responseCode = "200", description = "The feed (RFC 4287); ETag answers If-None-Match",
            content = @Content(mediaType = "application/atom+xml", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "304", description = "Not modified since the ETag sent as If-None-Match")
    ResponseEntity<byte[]> feed(WebRequest request) {
        byte[] xml = render(entries.newest(properties.size())).getBytes(StandardCharsets.UTF_8);
        String etag = "\"" + sha256(xml) + "\"";
        if (request.checkNotModified(etag)) {
            return null;
        }
        return ResponseEntity.ok()
                .contentType(ATOM)
                .eTag(etag)
                .cacheControl(CacheControl.noCache().cachePublic())
                .body(xml);
    }

    private String render(List<FeedEntry> newestFirst) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("feed");
            xml.writeDefaultNamespace(NS);
            element(xml, "id", properties.id());
            element(xml, "title", properties.title());
            element(xml, "updated", (newestFirst.isEmpty() ? Instant.EPOCH : newestFirst.get(0).releasedAt())
                    .toString());
            xml.writeStartElement("author");
            element(xml, "name", "Release governance committee");
            xml.writeEndElement();
            xml.writeEmptyElement("link");
            xml.writeAttribute("rel", "self");
            xml.writeAttribute("type", "application/atom+xml");
            xml.writeAttribute("href", properties.url());
            for (FeedEntry entry : newestFirst) {
                xml.writeStartElement("entry");
                element(xml, "id", "urn:uuid:" + entry.eventId());
                element(xml, "title", entry.title());
                element(xml, "updated", entry.releasedAt().toString());
                element(xml, "published", entry.releasedAt().toString());
                xml.writeEmptyElement("category");
                xml.writeAttribute("term", entry.isReview() ? "review" : entry.access());
                if (entry.isReview() && WebLinks.isWebLink(entry.link())) {
                    xml.writeEmptyElement("link");
                    xml.writeAttribute("rel", "alternate");
                    xml.writeAttribute("href", entry.link());
                }
                if (entry.isReview() && entry.note() != null) {
                    xml.writeStartElement("summary");
                    xml.writeAttribute("type", "text");
                    xml.writeCharacters(entry.note());
                    xml.writeEndElement();
                }
                xml.writeStartElement("content");
                xml.writeAttribute("type", "text");
                xml.writeCharacters(content(entry));
                xml.writeEndElement();
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("the Atom feed cannot be written", e);
        }
        return out.toString();
    }

    private static String content(FeedEntry entry) {
        if (entry.isReview()) {
            String text = entry.title() + ".";
            text = entry.note() == null || entry.note().isBlank() ? text : text + " " + entry.note();
            return entry.link() == null ? text : text + " " + entry.link();
        }
        String text = entry.title() + ": release " + entry.releaseId() + ", "
                + NumberFormat.getIntegerInstance(Locale.ROOT).format(entry.parameters()) + " parameters.";
        return entry.note() == null || entry.note().isBlank() ? text : text + " " + entry.note();
    }


    private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        xml.writeStartElement(name);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
