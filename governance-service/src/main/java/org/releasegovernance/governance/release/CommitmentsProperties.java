package org.releasegovernance.governance.release;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How early the service records the commitments the clock keeps ({@code governance.commitments.*}). Read when a
 * review is scheduled or access granted: a changed setting applies to reviews and grants recorded after the change.
 *
 * @param reviewReminderBefore how long before a review's due time a {@code ReviewReminder} is recorded
 * @param grantExpiryNotice    how long before a partner grant expires a {@code PartnerAccessExpiring} is recorded
 */
@ConfigurationProperties("governance.commitments")
public record CommitmentsProperties(@DefaultValue("14d") Duration reviewReminderBefore,
                                    @DefaultValue("30d") Duration grantExpiryNotice) {
}
