import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;

/** ES256 sign and verify, one thread: the JDK's SunEC against BouncyCastle's P-256, as the service uses them. */
public class Es256Bench {

    interface Op {
        void run() throws Exception;
    }

    static double micros(int n, Op op) throws Exception {
        for (int i = 0; i < n; i++) {
            op.run(); // warm-up
        }
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long t = System.nanoTime();
            for (int i = 0; i < n; i++) {
                op.run();
            }
            best = Math.min(best, (System.nanoTime() - t) / 1000.0 / n);
        }
        return best;
    }

    static byte[] sha256(byte[] input) {
        SHA256Digest d = new SHA256Digest();
        d.update(input, 0, input.length);
        byte[] h = new byte[32];
        d.doFinal(h, 0);
        return h;
    }

    public static void main(String[] args) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        byte[] input = new byte[220];
        Signature jdk = Signature.getInstance("SHA256withECDSAinP1363Format");
        jdk.initSign(keys.getPrivate());
        jdk.update(input);
        byte[] signature = jdk.sign();

        X9ECParameters p256 = CustomNamedCurves.getByName("secp256r1");
        ECDomainParameters domain = new ECDomainParameters(p256.getCurve(), p256.getG(), p256.getN(), p256.getH());
        ECPrivateKeyParameters priv = new ECPrivateKeyParameters(((ECPrivateKey) keys.getPrivate()).getS(), domain);
        ECPublicKey pub = (ECPublicKey) keys.getPublic();
        ECPublicKeyParameters bpub = new ECPublicKeyParameters(
                p256.getCurve().validatePoint(pub.getW().getAffineX(), pub.getW().getAffineY()), domain);
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));

        double jdkSign = micros(2000, () -> {
            Signature sig = Signature.getInstance("SHA256withECDSAinP1363Format");
            sig.initSign(keys.getPrivate());
            sig.update(input);
            sig.sign();
        });
        double bcSign = micros(2000, () -> {
            ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
            signer.init(true, priv);
            signer.generateSignature(sha256(input));
        });
        double jdkVerify = micros(1000, () -> {
            Signature sig = Signature.getInstance("SHA256withECDSAinP1363Format");
            sig.initVerify(pub);
            sig.update(input);
            if (!sig.verify(signature)) throw new AssertionError();
        });
        double bcVerify = micros(1000, () -> {
            ECDSASigner verifier = new ECDSASigner();
            verifier.init(false, bpub);
            if (!verifier.verifySignature(sha256(input), r, s)) throw new AssertionError();
        });
        System.out.printf("sign    JDK %7.1f us   BouncyCastle %7.1f us   (%.1fx)%n", jdkSign, bcSign, jdkSign / bcSign);
        System.out.printf("verify  JDK %7.1f us   BouncyCastle %7.1f us   (%.1fx)%n", jdkVerify, bcVerify, jdkVerify / bcVerify);
    }
}
