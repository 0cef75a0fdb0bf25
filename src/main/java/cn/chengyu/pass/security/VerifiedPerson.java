package cn.chengyu.pass.security;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Optional;

/**
 * The person the identity provider verified for a token, read from its {@code verified_claims}
 * claim in the shape of OpenID Connect for Identity Assurance 1.0:
 * {@code {verification: {trust_framework}, claims: {name, id_number}}} (or an array of such
 * objects). A claim without a trust framework, a name or an ID number verifies nobody.
 * Its {@code toString} hides the ID number.
 */
public record VerifiedPerson(String name, String idNumber, String trustFramework) {

    public static final String CLAIM = "verified_claims";

    public static Optional<VerifiedPerson> of(JsonWebToken token) {
        Object claim = token.getClaim(CLAIM);
        if (claim instanceof JsonObject object) {
            return read(object);
        }
        if (claim instanceof JsonArray array) {
            return array.stream().filter(value -> value.getValueType() == JsonValue.ValueType.OBJECT)
                    .map(value -> read(value.asJsonObject())).flatMap(Optional::stream).findFirst();
        }
        return Optional.empty();
    }

    private static Optional<VerifiedPerson> read(JsonObject verified) {
        String framework = text(member(verified, "verification"), "trust_framework");
        JsonObject claims = member(verified, "claims");
        String name = text(claims, "name");
        String idNumber = text(claims, "id_number");
        if (framework == null || name == null || idNumber == null) {
            return Optional.empty();
        }
        return Optional.of(new VerifiedPerson(name.strip(), idNumber.strip(), framework));
    }

    private static JsonObject member(JsonObject object, String name) {
        JsonValue value = object == null ? null : object.get(name);
        return value != null && value.getValueType() == JsonValue.ValueType.OBJECT ? value.asJsonObject() : null;
    }

    private static String text(JsonObject object, String name) {
        JsonValue value = object == null ? null : object.get(name);
        return value instanceof JsonString string && !string.getString().isBlank() ? string.getString() : null;
    }

    /** Whether a name and ID number given in a request are this person's (the number compared as GB 11643 writes it). */
    public boolean is(String otherName, String otherIdNumber) {
        return name.equals(otherName == null ? null : otherName.strip())
                && normalised(idNumber).equals(otherIdNumber == null ? null : normalised(otherIdNumber));
    }

    private static String normalised(String idNumber) {
        return idNumber.strip().toUpperCase();
    }

    @Override
    public String toString() {
        return "VerifiedPerson[name=" + name + ", idNumber=<hidden>, trustFramework=" + trustFramework + "]";
    }
}
