package cn.chengyu.pass.security;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.util.KeyUtils;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;

/** Reads EC keys from PEM files (or classpath resources), decoded by SmallRye JWT's key utilities. */
public final class PemKeys {

    private PemKeys() {
    }

    public static ECPrivateKey readEcPrivateKey(String location) {
        try {
            return (ECPrivateKey) KeyUtils.decodePrivateKey(read(location), SignatureAlgorithm.ES256);
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalStateException("Not a PKCS#8 EC private key: " + location, e);
        }
    }

    public static ECPublicKey readEcPublicKey(String location) {
        try {
            return (ECPublicKey) KeyUtils.decodePublicKey(read(location), SignatureAlgorithm.ES256);
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalStateException("Not an EC public key: " + location, e);
        }
    }

    private static String read(String location) {
        try {
            Path file = Path.of(location);
            if (Files.isRegularFile(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII);
            }
            try (InputStream resource = Thread.currentThread().getContextClassLoader().getResourceAsStream(location)) {
                if (resource == null) {
                    throw new IllegalStateException("No key file or resource at " + location);
                }
                return new String(resource.readAllBytes(), StandardCharsets.US_ASCII);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read key " + location, e);
        }
    }
}
