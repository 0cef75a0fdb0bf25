package cn.chengyu.pass.security;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ES256 by BouncyCastle agrees with the JDK's ES256 both ways, and refuses what it must. */
class Es256Test {

    private static final byte[] INPUT = "eyJhbGciOiJFUzI1NiJ9.eyJjaWQiOiJ4In0".getBytes(StandardCharsets.US_ASCII);

    private static KeyPair p256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    @Test
    void theJdkVerifiesWhatItSignsAndItVerifiesWhatTheJdkSigns() throws Exception {
        KeyPair keys = p256();
        byte[] ours = Es256.sign(Es256.signingKey((ECPrivateKey) keys.getPrivate()), INPUT);
        assertEquals(64, ours.length);
        Signature jdk = Signature.getInstance("SHA256withECDSAinP1363Format");
        jdk.initVerify(keys.getPublic());
        jdk.update(INPUT);
        assertTrue(jdk.verify(ours));

        jdk.initSign(keys.getPrivate());
        jdk.update(INPUT);
        byte[] theirs = jdk.sign();
        assertTrue(Es256.verify(Es256.verificationKey((ECPublicKey) keys.getPublic()), INPUT, theirs));
    }

    @Test
    void nonceIsDeterministicPerInputAndKey() throws Exception {
        KeyPair keys = p256();
        var key = Es256.signingKey((ECPrivateKey) keys.getPrivate());
        assertArrayEquals(Es256.sign(key, INPUT), Es256.sign(key, INPUT));
        byte[] other = Arrays.copyOf(INPUT, INPUT.length);
        other[0] ^= 1;
        assertFalse(Arrays.equals(Arrays.copyOf(Es256.sign(key, INPUT), 32), Arrays.copyOf(Es256.sign(key, other), 32)),
                "another input gets another nonce (r)");
    }

    @Test
    void refusesTamperedInputsSignaturesOfAnotherKeyAndMalformedSignatures() throws Exception {
        KeyPair keys = p256();
        var verification = Es256.verificationKey((ECPublicKey) keys.getPublic());
        byte[] signature = Es256.sign(Es256.signingKey((ECPrivateKey) keys.getPrivate()), INPUT);
        byte[] tampered = Arrays.copyOf(INPUT, INPUT.length);
        tampered[5] ^= 1;
        assertFalse(Es256.verify(verification, tampered, signature));
        assertFalse(Es256.verify(Es256.verificationKey((ECPublicKey) p256().getPublic()), INPUT, signature));
        assertFalse(Es256.verify(verification, INPUT, Arrays.copyOf(signature, 63)));
        assertFalse(Es256.verify(verification, INPUT, new byte[64]));
        byte[] ones = new byte[64];
        Arrays.fill(ones, (byte) 0xFF);
        assertFalse(Es256.verify(verification, INPUT, ones), "r and s at or above the group order");
    }

    @Test
    void thePublicKeyOfAPrivateKeyIsItsPair() {
        ECPublicKey derived = Es256.publicKeyOf(PemKeys.readEcPrivateKey("test-keys/retired-pass-signing.pem"));
        assertEquals(PemKeys.readEcPublicKey("test-keys/retired-pass-signing-public.pem").getW(), derived.getW());
    }

    @Test
    void refusesToDeriveAPublicKeyFromAScalarOutsideTheGroup() throws Exception {
        ECPrivateKey valid = PemKeys.readEcPrivateKey("test-keys/retired-pass-signing.pem");
        KeyFactory factory = KeyFactory.getInstance("EC");
        BigInteger order = valid.getParams().getOrder();
        for (BigInteger scalar : List.of(BigInteger.ZERO, order, order.add(BigInteger.ONE))) {
            ECPrivateKey outside = (ECPrivateKey) factory.generatePrivate(new ECPrivateKeySpec(scalar, valid.getParams()));
            assertThrows(IllegalArgumentException.class, () -> Es256.publicKeyOf(outside), scalar.toString());
        }
    }

    @Test
    void refusesKeysOfAnotherCurve() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair p384 = generator.generateKeyPair();
        assertThrows(IllegalStateException.class, () -> Es256.signingKey((ECPrivateKey) p384.getPrivate()));
        assertThrows(IllegalStateException.class, () -> Es256.verificationKey((ECPublicKey) p384.getPublic()));
    }
}
