package cn.chengyu.pass;

import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The settings an operator gives the service, with the environment variable each is read from.
 * The prod profile refuses to start while a required one is missing; the k8s manifests and the
 * README configuration table are checked against this list.
 */
public enum Setting {
    DATABASE_REACTIVE_URL("quarkus.datasource.reactive.url", true,
            "PostgreSQL URL for request traffic, e.g. postgresql://db:5432/chengyu"),
    DATABASE_JDBC_URL("quarkus.datasource.jdbc.url", true,
            "PostgreSQL JDBC URL used only by Flyway migrations, e.g. jdbc:postgresql://db:5432/chengyu"),
    DATABASE_USERNAME("quarkus.datasource.username", false, "PostgreSQL user"),
    DATABASE_PASSWORD("quarkus.datasource.password", false, "PostgreSQL password"),
    REDIS_HOSTS("quarkus.redis.hosts", true, "Redis URL, e.g. redis://cache:6379"),
    JWT_PUBLIC_KEY_LOCATION("mp.jwt.verify.publickey.location", true,
            "PEM public key or JWKS (file path or URL) that verifies the identity provider's RS256 tokens"),
    JWT_ISSUER("mp.jwt.verify.issuer", true, "Expected `iss` of every token"),
    JWT_AUDIENCES("mp.jwt.verify.audiences", false, "Accepted `aud` values (default chengyu-pass)"),
    PASS_SIGNING_KEY_LOCATION("pass.signing-key-location", true,
            "PEM EC P-256 private key that signs passes (shared by all replicas)"),
    PASS_PII_KEY("pass.pii-key", true, "Secret for the keyed hash of ID numbers"),
    PASS_RETIRED_PUBLIC_KEY_LOCATIONS("pass.retired-public-key-locations", false,
            "Comma-separated PEM public keys of earlier pass-signing keys, still published"),
    PASS_LIFETIME("pass.lifetime", false, "Life of a pass, at most 60 s (default 60s)"),
    IDEMPOTENCY_RETENTION("pass.idempotency-retention", false, "How long Idempotency-Key answers are kept (default 48h)"),
    UNKNOWN_CARD_LIMIT("pass.unknown-card-limit", false,
            "Unknown card numbers a gate may scan per window before its card-number scans answer 429 (default 20)"),
    UNKNOWN_CARD_WINDOW("pass.unknown-card-window", false, "Window for counting a gate's unknown card numbers (default 60s)"),
    HISTORY_MONTHS("pass.history-months", false,
            "Months of entries and settlement lines kept in the live tables, this one included; older months are "
                    + "detached into the schema archive (default 36, at least 13)"),
    HTTP_PORT("quarkus.http.port", false, "HTTP port (default 8080)");

    private final String property;
    private final boolean requiredInProduction;
    private final String description;

    Setting(String property, boolean requiredInProduction, String description) {
        this.property = property;
        this.requiredInProduction = requiredInProduction;
        this.description = description;
    }

    public String property() {
        return property;
    }

    /** The environment variable name, by the MicroProfile Config mapping rules. */
    public String environmentVariable() {
        return property.toUpperCase().replaceAll("[^A-Z0-9]", "_");
    }

    public String description() {
        return description;
    }

    public boolean isRequiredInProduction() {
        return requiredInProduction;
    }

    /**
     * Whether the setting has a value. The environment and system properties are read first
     * because building a configuration before Quarkus builds its own costs start-up time;
     * the full configuration (files included) is consulted only for what they lack.
     */
    public boolean isSet() {
        if (hasText(System.getenv(environmentVariable())) || hasText(System.getProperty(property))) {
            return true;
        }
        return ConfigProvider.getConfig().getOptionalValue(property, String.class)
                .filter(Setting::hasText)
                .isPresent();
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }

    public static List<Setting> requiredInProduction() {
        return Arrays.stream(values()).filter(Setting::isRequiredInProduction).toList();
    }

    public static List<Setting> missing(List<Setting> settings) {
        return settings.stream().filter(setting -> !setting.isSet()).toList();
    }

    public static String describeMissing(List<Setting> missing) {
        return missing.stream()
                .map(setting -> "  " + setting.environmentVariable() + " (" + setting.property() + "): " + setting.description())
                .collect(Collectors.joining("\n",
                        "Chengyu Pass cannot start: these required settings are not configured:\n",
                        "\nSet them as environment variables (see the configuration table in README.md)."));
    }
}
