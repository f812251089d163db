/**
 * The referral envelope: the versioned, optionally HMAC-SHA256-signed wrapper the router puts
 * around the referral content of every {@code ClientReferral}, and the parse/verify side a backend
 * uses. See {@link io.signpost.referral.ReferralEnvelope}.
 */
package io.signpost.referral;
