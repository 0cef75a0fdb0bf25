package cn.chengyu.pass.card;

import java.util.UUID;

/** A card status change as offline gates learn it from the deny list: no holder, nothing personal. */
public record CardChange(UUID id, String number, CardStatus status, long denylistVersion) {
}
