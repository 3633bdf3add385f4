package org.releasegovernance.notifier.email;

import org.springframework.stereotype.Component;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which recipient addresses a subscription may name: exactly one bare address ({@code local@domain}, no display
 * name, no list, no comment, no quoted local part), whose domain is a DNS host name, in Unicode or not, and one of
 * {@code notifier.email.allowed-domains} where that is set. Anything an SMTP client could read as a second recipient
 * or a header line is refused, so that an address cannot turn the notifier into a relay.
 */
@Component
public class EmailAddresses {

    /** RFC 5321's limit on a forward path. */
    static final int MAX_LENGTH = 254;
    static final int MAX_LOCAL_PART = 64;
    private static final int MAX_DOMAIN = 253;
    private static final int MAX_LABEL = 63;
    /** A dot-atom of RFC 5322's atext: no quoted strings, no comments. */
    private static final Pattern LOCAL_PART =
            Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    private static final Pattern NUMERIC = Pattern.compile("[0-9]+");

    private final EmailProperties properties;

    EmailAddresses(EmailProperties properties) {
        this.properties = properties;
    }

    /** Refuses an address that breaks one of the rules, naming it; returns nothing otherwise. */
    public void check(String address) {
        if (address == null || address.isEmpty()) {
            throw new RefusedAddress("address-required", "an address is required");
        }
        if (address.length() > MAX_LENGTH) {
            throw new RefusedAddress("address-too-long", "it is longer than " + MAX_LENGTH + " characters");
        }
        address.codePoints().filter(EmailAddresses::isForbidden).findFirst().ifPresent(character -> {
            throw new RefusedAddress("no-whitespace-or-control-characters", "it contains whitespace or a control "
                    + "character (U+%04X)".formatted(character));
        });
        if (address.indexOf(',') >= 0 || address.indexOf(';') >= 0) {
            throw new RefusedAddress("one-address-only", "it names more than one address (',' or ';')");
        }
        if (address.indexOf('<') >= 0 || address.indexOf('>') >= 0) {
            throw new RefusedAddress("bare-address-only", "it has angle brackets; give the address alone, without "
                    + "a name");
        }
        int at = address.lastIndexOf('@');
        if (at < 0 || address.indexOf('@') != at) {
            throw new RefusedAddress("one-at-sign", "it must have exactly one '@' between the local part and the "
                    + "domain");
        }
        checkLocalPart(address.substring(0, at));
        checkAllowed(asciiDomain(address.substring(at + 1)));
    }

    /** The address with its domain in ASCII (Punycode), as SMTP servers expect it; the address must be valid. */
    public static String toAscii(String address) {
        int at = address.lastIndexOf('@');
        return address.substring(0, at + 1) + IDN.toASCII(address.substring(at + 1), IDN.USE_STD3_ASCII_RULES);
    }

    private static boolean isForbidden(int character) {
        return Character.isISOControl(character) || Character.isWhitespace(character)
                || Character.isSpaceChar(character) || Character.getType(character) == Character.FORMAT
                || Character.getType(character) == Character.LINE_SEPARATOR
                || Character.getType(character) == Character.PARAGRAPH_SEPARATOR;
    }

    private static void checkLocalPart(String localPart) {
        if (localPart.isEmpty() || localPart.length() > MAX_LOCAL_PART) {
            throw new RefusedAddress("local-part-length", "its local part must have 1 to " + MAX_LOCAL_PART
                    + " characters");
        }
        if (!LOCAL_PART.matcher(localPart).matches()) {
            throw new RefusedAddress("local-part-invalid", "its local part may have letters A-Z, digits, "
                    + "!#$%&'*+/=?^_`{|}~- and single dots between them, nothing quoted");
        }
    }

    private static String asciiDomain(String domain) {
        if (domain.startsWith("[")) {
            throw new RefusedAddress("no-ip-literal", "its domain is an IP address literal; name a host");
        }
        if (domain.endsWith(".")) {
            throw new RefusedAddress("no-trailing-dot", "its domain ends with a dot");
        }
        String ascii;
        try {
            ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException notAHostName) {
            throw new RefusedAddress("domain-not-hostname", "its domain is not a DNS host name");
        }
        String[] labels = ascii.split("\\.", -1);
        boolean hostName = !ascii.isEmpty() && ascii.length() <= MAX_DOMAIN && labels.length >= 2
                && !NUMERIC.matcher(labels[labels.length - 1]).matches();
        for (String label : labels) {
            hostName &= label.length() <= MAX_LABEL && LABEL.matcher(label).matches();
        }
        if (!hostName) {
            throw new RefusedAddress("domain-not-hostname", "its domain is not a DNS host name with at least two "
                    + "labels of letters, digits and inner hyphens");
        }
        return ascii;
    }

    private void checkAllowed(String asciiDomain) {
        if (properties.allowedDomains().isEmpty()) {
            return;
        }
        boolean allowed = properties.allowedDomains().stream()
                .anyMatch(domain -> asciiDomain.equals(IDN.toASCII(domain).toLowerCase(Locale.ROOT)));
        if (!allowed) {
            throw new RefusedAddress("domain-not-allowed", "its domain is not one of notifier.email.allowed-domains "
                    + properties.allowedDomains());
        }
    }
}
