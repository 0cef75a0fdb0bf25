package cn.chengyu.pass.entry.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** One scan at a gate: a pass or a card number, exactly one of them. */
@Schema(name = "ScanRequest", description = "One scan: entryId, and either pass or cardNumber")
public record ScanRequest(
        @Schema(description = "Made by the gate; a retry with the same id and body answers what the first answered", required = true)
        @NotNull
        UUID entryId,
        @Schema(description = "The pass (compact JWS) shown by the app")
        @Size(max = 4096)
        String pass,
        @Schema(description = "16-digit card number with a Luhn check digit", example = "6217300012345670")
        @Pattern(regexp = "^[0-9]{16}$", message = "must be 16 digits")
        String cardNumber,
        @Schema(description = "When the gate scanned the card (default: now); not in the future, at most 7 days old")
        Instant scannedAt) {
}
