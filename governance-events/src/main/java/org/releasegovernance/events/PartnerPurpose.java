package org.releasegovernance.events;

/** Why a partner organisation gets a stage before the public does. */
public enum PartnerPurpose {
    DETECTION_RESEARCH,
    BIAS_ANALYSIS,
    MISUSE_ANALYSIS,
    /** Described in free text in the grant's description. */
    OTHER
}
