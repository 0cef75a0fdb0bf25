package cn.chengyu.pass.card.service;

import cn.chengyu.pass.security.Es256Jws;
import cn.chengyu.pass.security.PassKeys;
import cn.chengyu.pass.security.PassVerifier;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

/** Writes a pass as a compact ES256 JWS ({@code typ: pass+jwt}) with five fixed claims. */
@ApplicationScoped
public class PassSigner {

    private final Es256Jws jws;

    public PassSigner(PassKeys keys) {
        this.jws = new Es256Jws(keys, PassVerifier.TYPE);
    }

    public String sign(UUID cardId, Instant issuedAt, Instant expiresAt) {
        return jws.sign("{\"iss\":\"" + PassVerifier.ISSUER + "\",\"" + PassVerifier.CARD_CLAIM + "\":\"" + cardId
                + "\",\"iat\":" + issuedAt.getEpochSecond() + ",\"exp\":" + expiresAt.getEpochSecond()
                + ",\"jti\":\"" + UUID.randomUUID() + "\"}");
    }
}
