package cn.chengyu.pass.security;

import cn.chengyu.pass.PassConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rotation of the pass-signing key as the README runs it on a live fleet: the next key is first
 * published beside the current one, then signs while the old one stays published. Replicas at
 * either step of a rolling update verify each other's passes. Keys from files; no server.
 */
class PassKeyRotationTest {

    private static final String OLD = "test-keys/pass-signing.pem";
    private static final String NEXT = "test-keys/retired-pass-signing.pem";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path keys;

    private static PassKeys keys(String signing, List<String> alsoPublished) {
        return new PassKeys(new PassConfig() {
            public String signingKeyLocation() {
                return signing;
            }

            public Optional<List<String>> retiredPublicKeyLocations() {
                return Optional.of(alsoPublished);
            }

            public String piiKey() {
                throw new UnsupportedOperationException();
            }

            public Duration lifetime() {
                return Duration.ofSeconds(60);
            }

            public Duration idempotencyRetention() {
                throw new UnsupportedOperationException();
            }

            public int unknownCardLimit() {
                throw new UnsupportedOperationException();
            }

            public Duration unknownCardWindow() {
                throw new UnsupportedOperationException();
            }

            public int historyMonths() {
                throw new UnsupportedOperationException();
            }
        });
    }

    /** The public half of a private key file, as the README has it made with openssl. */
    private String publicPem(String privateKey, String name) throws IOException {
        byte[] encoded = Es256.publicKeyOf(PemKeys.readEcPrivateKey(privateKey)).getEncoded();
        Path file = keys.resolve(name);
        Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(encoded)
                + "\n-----END PUBLIC KEY-----\n");
        return file.toString();
    }

    private static String pass(PassKeys keys, UUID card, Instant now) {
        return new Es256Jws(keys, PassVerifier.TYPE).sign("{\"iss\":\"" + PassVerifier.ISSUER + "\",\"cid\":\"" + card
                + "\",\"iat\":" + now.getEpochSecond() + ",\"exp\":" + now.plusSeconds(60).getEpochSecond() + "}");
    }

    @Test
    void replicasOnEitherSideOfEachStepVerifyEachOthersPasses() throws IOException {
        UUID card = UUID.randomUUID();
        Instant now = Instant.now();
        PassKeys before = keys(OLD, List.of());
        String nextPublic = publicPem(NEXT, "next-public.pem");
        PassKeys nextPublished = keys(OLD, List.of(nextPublic));
        // step 2 names both public halves, one of them the signing key's own: each is published once
        PassKeys nextSigning = keys(NEXT, List.of(nextPublic, publicPem(OLD, "old-public.pem")));

        // step 1 rolls out: old replicas and those publishing the next key sign alike
        for (List<PassKeys> pair : List.of(List.of(before, nextPublished), List.of(nextPublished, before))) {
            assertEquals(card, new PassVerifier(pair.get(1), JSON).verify(pass(pair.get(0), card, now), now).cardId());
        }
        // step 2 begins: a pod starting after the list names both public halves, before the signing key is swapped
        PassKeys bothNamed = keys(OLD, List.of(nextPublic, publicPem(OLD, "old-public-before-swap.pem")));
        assertEquals(2, bothNamed.publicJwks().size());
        for (List<PassKeys> pair : List.of(List.of(nextPublished, bothNamed), List.of(bothNamed, nextPublished))) {
            assertEquals(card, new PassVerifier(pair.get(1), JSON).verify(pass(pair.get(0), card, now), now).cardId());
        }
        // step 2 rolls out: every replica of step 1 already accepts the next key, and the new ones still the old
        for (List<PassKeys> pair : List.of(List.of(nextPublished, nextSigning), List.of(nextSigning, nextPublished))) {
            assertEquals(card, new PassVerifier(pair.get(1), JSON).verify(pass(pair.get(0), card, now), now).cardId());
        }
        assertEquals(2, nextSigning.publicJwks().size());
        assertEquals(2, nextSigning.publicJwks().stream().map(jwk -> jwk.get("kid")).distinct().count());
        assertEquals(nextSigning.signingKeyId(), nextSigning.publicJwks().get(0).get("kid"));
        // skipping step 1 is what denies passes: a replica that does not publish the next key refuses what it signs
        assertFalse(new PassVerifier(before, JSON).verify(pass(nextSigning, card, now), now).valid());
        assertTrue(new PassVerifier(nextSigning, JSON).verify(pass(before, card, now), now).valid());
    }
}
