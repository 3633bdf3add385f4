/** HTTP concerns shared by the features: problem document types. */
package org.releasegovernance.audit.web;
