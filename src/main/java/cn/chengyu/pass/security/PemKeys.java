package cn.chengyu.pass.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Reads EC keys from PEM files (or classpath resources) and derives a public key from its private key. */
public final class PemKeys {

    private PemKeys() {
    }

    public static ECPrivateKey readEcPrivateKey(String location) {
        try {
            return (ECPrivateKey) KeyFactory.getInstance("EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(der(read(location), "PRIVATE KEY", location)));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException("Not a PKCS#8 EC private key: " + location, e);
        }
    }

    public static ECPublicKey readEcPublicKey(String location) {
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC")
                    .generatePublic(new X509EncodedKeySpec(der(read(location), "PUBLIC KEY", location)));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException("Not an EC public key: " + location, e);
        }
    }

    /** The public point d·G of a private key, by double-and-add on its curve (done once at start). */
    public static ECPublicKey publicKeyOf(ECPrivateKey privateKey) {
        ECParameterSpec params = privateKey.getParams();
        ECPoint point = multiply(params.getGenerator(), privateKey.getS(), params);
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, params));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot derive the public key", e);
        }
    }

    private static ECPoint multiply(ECPoint base, BigInteger scalar, ECParameterSpec params) {
        ECPoint result = ECPoint.POINT_INFINITY;
        ECPoint addend = base;
        for (int bit = 0; bit < scalar.bitLength(); bit++) {
            if (scalar.testBit(bit)) {
                result = add(result, addend, params);
            }
            addend = add(addend, addend, params);
        }
        return result;
    }

    private static ECPoint add(ECPoint p, ECPoint q, ECParameterSpec params) {
        if (p.equals(ECPoint.POINT_INFINITY)) {
            return q;
        }
        if (q.equals(ECPoint.POINT_INFINITY)) {
            return p;
        }
        BigInteger prime = ((ECFieldFp) params.getCurve().getField()).getP();
        BigInteger lambda;
        if (p.getAffineX().equals(q.getAffineX())) {
            if (!p.getAffineY().equals(q.getAffineY()) || p.getAffineY().signum() == 0) {
                return ECPoint.POINT_INFINITY;
            }
            BigInteger x = p.getAffineX();
            lambda = x.pow(2).multiply(BigInteger.valueOf(3)).add(params.getCurve().getA())
                    .multiply(p.getAffineY().shiftLeft(1).modInverse(prime)).mod(prime);
        } else {
            lambda = q.getAffineY().subtract(p.getAffineY())
                    .multiply(q.getAffineX().subtract(p.getAffineX()).modInverse(prime)).mod(prime);
        }
        BigInteger x = lambda.pow(2).subtract(p.getAffineX()).subtract(q.getAffineX()).mod(prime);
        BigInteger y = lambda.multiply(p.getAffineX().subtract(x)).subtract(p.getAffineY()).mod(prime);
        return new ECPoint(x, y);
    }

    private static byte[] der(String pem, String type, String location) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalStateException("No " + type + " block in " + location);
        }
        return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
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
