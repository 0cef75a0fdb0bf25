package cn.chengyu.pass.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The plain SHA-256 of a request body (as JSON) in its scope, to tell a retry from another request
 * under the same key, and of a representation for its ETag. Only for bodies that hold no personal
 * data (a gate scan names a card number or a pass); a body with an ID number is fingerprinted with
 * {@link cn.chengyu.pass.security.PiiHasher#fingerprint}.
 */
public final class Fingerprint {

    private Fingerprint() {
    }

    public static String of(ObjectMapper json, String scope, Object body) {
        try {
            return of(scope, json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot fingerprint a request", e);
        }
    }

    /** The same, of a body already serialised. */
    public static String of(String scope, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(scope.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(body);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
