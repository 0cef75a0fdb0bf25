package cn.chengyu.pass.embedded;

import cn.chengyu.pass.Setting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;

/**
 * The zero-setup dev environment: embedded PostgreSQL and Redis unless a URL is configured,
 * and secrets generated once under {@code .data/keys} (the paths the %dev profile names). Everything it sets goes into system
 * properties, which outlive dev-mode reloads.
 */
public final class DevEnvironment {

    private DevEnvironment() {
    }

    public static void prepare(Path dataDirectory) {
        if (!Setting.DATABASE_REACTIVE_URL.isSet()) {
            apply(EmbeddedPostgresServer.start(dataDirectory.resolve("postgres"), true));
        }
        if (!Setting.REDIS_HOSTS.isSet()) {
            apply(EmbeddedRedisServer.start(dataDirectory.resolve("redis"), true));
        }
        Path keys = dataDirectory.resolve("keys");
        try {
            Files.createDirectories(keys);
            Path jwtPrivate = keys.resolve("dev-jwt-private.pem");
            Path jwtPublic = keys.resolve("dev-jwt-public.pem");
            if (!Files.exists(jwtPrivate) || !Files.exists(jwtPublic)) {
                KeyPair pair = generate("RSA", null);
                writeSecret(jwtPrivate, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
                Files.writeString(jwtPublic, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            }
            Path passKey = keys.resolve("pass-signing.pem");
            if (!Files.exists(passKey)) {
                writeSecret(passKey, pem("PRIVATE KEY", generate("EC", new ECGenParameterSpec("secp256r1")).getPrivate().getEncoded()));
            }
            Path piiKey = keys.resolve("pii.key");
            if (!Files.exists(piiKey)) {
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                writeSecret(piiKey, Base64.getEncoder().encodeToString(secret));
            }
            // The key locations are %dev entries of application.properties; only the PII secret is a value.
            setIfAbsent(Setting.PASS_PII_KEY.property(), Files.readString(piiKey).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare dev secrets under " + keys, e);
        }
    }

    private static void apply(Map<String, String> settings) {
        settings.forEach(DevEnvironment::setIfAbsent);
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private static KeyPair generate(String algorithm, ECGenParameterSpec spec) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (spec != null) {
                generator.initialize(spec);
            } else {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate a dev " + algorithm + " key", e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static void writeSecret(Path file, String content) throws IOException {
        Files.writeString(file, content);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
    }
}
