package cn.chengyu.pass;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The service's own settings, all under {@code pass.} (environment: {@code PASS_...}). */
@ConfigMapping(prefix = "pass")
public interface PassConfig {

    /** PEM (PKCS#8) EC P-256 private key that signs passes: a file path or a classpath resource. */
    String signingKeyLocation();

    /**
     * PEM public keys published and accepted besides the signing key's: earlier signing keys (passes
     * they signed still verify) and, during a rotation, the next one before it signs.
     */
    Optional<List<String>> retiredPublicKeyLocations();

    /** Secret for the keyed hash of ID numbers. */
    String piiKey();

    /** Life of a pass; at most 60 seconds. */
    @WithDefault("60s")
    Duration lifetime();

    /** How long an Idempotency-Key and its answer are kept; at least 24 hours. */
    @WithDefault("48h")
    Duration idempotencyRetention();

    /** Unknown card numbers one gate may scan in a window before its card-number scans answer 429. */
    @WithDefault("20")
    int unknownCardLimit();

    /** The window over which a gate's unknown card numbers are counted. */
    @WithDefault("60s")
    Duration unknownCardWindow();

    /** Months of entries and settlement lines kept attached, this one included (older ones are archived); at least 13. */
    @WithDefault("36")
    int historyMonths();
}
